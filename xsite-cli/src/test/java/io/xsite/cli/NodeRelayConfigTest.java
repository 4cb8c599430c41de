package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.core.member.TransportKind;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.bridge.BridgeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** When {@code xsite node} and {@code xsite chat} are relay nodes, and how their relay keys are layered. */
class NodeRelayConfigTest {
    private static final List<InetSocketAddress> ROUTERS = List.of(InetSocketAddress.createUnresolved("r1", 12001),
            InetSocketAddress.createUnresolved("r2", 12002));

    @TempDir
    Path dir;

    @Test
    void aSiteAndRoutersMakeARelayNodeWhoseLocalSiteStaysTcp() {
        NodeConfig config = node(Map.of("SITE", "nyc", "TUNNEL_INITIAL_HOSTS", "r1[12001],r2[12002]"),
                "--admin-port", "9090");

        RelayConfig relay = config.relay().orElseThrow();
        assertThat(relay.site()).isEqualTo("nyc");
        assertThat(relay.bridges()).containsExactly(new BridgeConfig("bridge", ROUTERS));
        assertThat(relay.maxSiteMasters()).isEqualTo(1);
        assertThat(relay.adminPort()).isEqualTo(9090);
        assertThat(relay.member().transport()).isEqualTo(TransportKind.TCP);
        assertThat(relay.member().siteMasterEligible()).isTrue();
    }

    @Test
    void withoutRoutersItStaysAPlainMember() {
        assertThat(node(Map.of("SITE", "nyc")).relay()).isEmpty();
    }

    @Test
    void routersThatNothingUsesAreRefusedNamingTheMissingSite() {
        CommandRun run = xsite(Map.of("TUNNEL_INITIAL_HOSTS", "r1[12001]"), "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("node: invalid configuration: routers are set but unused: a relay "
                + "node also needs site, e.g. XSITE_NODE_SITE=nyc (or SITE=nyc)");
    }

    @Test
    void relayKeysComeFromFileThenEnvironmentThenFlags() throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                site: nyc
                routers: r1[12001],r2:12002
                bridge: from-file
                max-site-masters: 3
                can-become-site-master: false
                """);

        NodeConfig config = node(Map.of("XSITE_NODE_BRIDGE", "from-env", "XSITE_NODE_MAX_SITE_MASTERS", "2"),
                "--config", file.toString(), "--bridge", "global");

        assertThat(config.bridge()).isEqualTo("global");
        assertThat(config.maxSiteMasters()).isEqualTo(2);
        assertThat(config.member().siteMasterEligible()).isFalse();
        assertThat(config.relay().orElseThrow().bridges()).containsExactly(new BridgeConfig("global", ROUTERS));
        assertThat(node(Map.of(), "--can-become-site-master").member().siteMasterEligible()).isTrue();
    }

    @Test
    void anInvalidRelayValueNamesItsKeyAndLayer() {
        CommandRun run = xsite(Map.of("XSITE_NODE_MAX_SITE_MASTERS", "0"), "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("node: invalid XSITE_NODE_MAX_SITE_MASTERS (environment): \"0\" "
                + "is not a whole number of at least 1, e.g. 1");
    }

    @Test
    void chatIsARelayMemberOnAnEphemeralPortThatDoesNotTakeTheSiteMasterRole() {
        NodeConfig config = chat(Map.of("SITE", "sfc", "TUNNEL_INITIAL_HOSTS", "r1[12001],r2[12002]",
                "XSITE_NODE_PORT", "7801", "XSITE_CHAT_NAME", "Temp"));

        RelayConfig relay = config.relay().orElseThrow();
        assertThat(relay.member().name()).isEqualTo("Temp");
        assertThat(relay.member().tcp().bind().getPort()).as("XSITE_NODE_PORT is the node's, not the chat's").isZero();
        assertThat(relay.member().siteMasterEligible()).isFalse();
        assertThat(relay.adminPort()).isEqualTo(-1);
    }

    @Test
    void chatWithoutSiteAndRoutersOrWithAWrongFlagExitsTwo() {
        CommandRun noSite = xsite(Map.of(), "chat", "--routers", "r1[12001]");
        CommandRun noRouters = xsite(Map.of(), "chat", "--site", "nyc");
        CommandRun badTimeout = xsite(Map.of(), "chat", "--site", "nyc", "--routers", "r1[12001]", "--timeout", "soon");

        assertThat(noSite.exitCode()).isEqualTo(2);
        assertThat(noSite.errLines()).containsExactly("chat: invalid configuration: routers are set but unused: a "
                + "relay node also needs site, e.g. XSITE_CHAT_SITE=nyc (or SITE=nyc)");
        assertThat(noRouters.exitCode()).isEqualTo(2);
        assertThat(noRouters.errLines()).containsExactly("chat: invalid configuration: chat needs a site and routers, "
                + "e.g. --site nyc --routers " + NodeSettings.ROUTERS_EXAMPLE);
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("--timeout", "soon", "Usage: xsite chat");
    }

    private static NodeConfig node(Map<String, String> environment, String... args) {
        return parse(environment, "node", args).<NodeCommand>getCommand().load();
    }

    private static NodeConfig chat(Map<String, String> environment, String... args) {
        return parse(environment, "chat", args).<ChatCommand>getCommand().load();
    }

    private static CommandLine parse(Map<String, String> environment, String command, String... args) {
        CommandLine xsite = XsiteCommand.commandLine(environment);
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        xsite.parseArgs(all);
        return xsite.getSubcommands().get(command);
    }
}
