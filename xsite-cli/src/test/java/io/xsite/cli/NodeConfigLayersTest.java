package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.cli.config.ConfigKey;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.discovery.DnsDiscoveryConfig;
import io.xsite.core.discovery.KubernetesDiscoveryConfig;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.member.TransportKind;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.core.transport.tunnel.RouterHosts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** A member's configuration as {@code xsite node} builds it from its real command line and environment. */
class NodeConfigLayersTest {
    private static final MembershipConfig MEMBERSHIP = MemberConfig.DEFAULTS.membership();

    @TempDir
    Path dir;

    @Test
    void withoutFileEnvironmentOrFlagsTheMemberGetsTheDefaultsAndTheHostName() throws IOException {
        String hostName = InetAddress.getLocalHost().getHostName();

        assertThat(load(Map.of())).isEqualTo(MemberConfig.DEFAULTS.withName(hostName));
    }

    @Test
    void fileThenEnvironmentThenFlagsEachWin() throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                cluster: demo
                name: from-file
                site: nyc
                transport: tunnel
                routers: router-a[12001], router-b:12002
                bind-address: 127.0.0.1
                port: 7900
                admin-port: 9000
                heartbeat-interval: 500ms
                suspect-timeout: 3s
                """);
        Map<String, String> env = Map.of("XSITE_NODE_NAME", "from-env", "XSITE_NODE_PORT", "7901",
                "XSITE_NODE_VERIFY_TIMEOUT", "1s", "XSITE_NODE_DISCOVERY", "router");

        MemberConfig config = load(env, "--config", file.toString(), "--name", "B", "--admin-port", "-1",
                "--suspect-timeout", "4s");

        MembershipConfig membership = new MembershipConfig(Duration.ofMillis(500), Duration.ofSeconds(4),
                Duration.ofSeconds(1), MEMBERSHIP.joinTimeout(), MEMBERSHIP.discoveryInterval(),
                MEMBERSHIP.mergeCheckInterval(), MEMBERSHIP.viewAckTimeout(), MEMBERSHIP.leaveTimeout(),
                MEMBERSHIP.maxJoinBatch());
        assertThat(config).isEqualTo(MemberConfig.DEFAULTS.withCluster("demo").withName("B").withSite("nyc")
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", 7901)))
                .withTunnel(List.of(InetSocketAddress.createUnresolved("router-a", 12001),
                        InetSocketAddress.createUnresolved("router-b", 12002)))
                .withDiscovery(DiscoveryConfig.parse("router")).withMembership(membership).withAdminPort(-1));
    }

    @Test
    void theReferenceDeploymentsEnvironmentNamesWork() throws IOException {
        Map<String, String> env = Map.of("SITE", "sfc", "DNS_QUERY", "xsite.default.svc.cluster.local",
                "TUNNEL_INITIAL_HOSTS", "router-a[12001],router-b[12001]", "JGROUPS_EXTERNAL_ADDR", "10.1.2.3");

        MemberConfig config = load(env, "--name", "A");

        assertThat(config.site()).isEqualTo("sfc");
        assertThat(config.discovery()).isEqualTo(new DiscoveryConfig.Dns(
                DnsDiscoveryConfig.a("xsite.default.svc.cluster.local", DnsDiscoveryConfig.DEFAULTS.port())));
        assertThat(config.routers()).isEqualTo(RouterHosts.parse("router-a[12001],router-b[12001]"));
        assertThat(config.tcp().externalAddress()).isEqualTo(InetAddress.getByName("10.1.2.3"));
        assertThat(config.transport()).as("TUNNEL_INITIAL_HOSTS sets the routers and nothing else")
                .isEqualTo(TransportKind.TCP);
    }

    @Test
    void xsiteNodeVariablesWinOverTheReferenceNamesWhichWinOverTheFile() throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, "site: from-file\nexternal-address: 10.0.0.9\ndiscovery: router\n"
                + "routers: file-router[1]\n");
        Map<String, String> env = Map.of("SITE", "reference", "XSITE_NODE_SITE", "ours",
                "DNS_QUERY", "reference.example", "XSITE_NODE_DISCOVERY", "static:10.0.0.1[7800]",
                "TUNNEL_INITIAL_HOSTS", "reference-router[12001]", "JGROUPS_EXTERNAL_ADDR", "10.0.0.8");

        MemberConfig config = load(env, "--config", file.toString());

        assertThat(config.site()).isEqualTo("ours");
        assertThat(config.discovery()).isEqualTo(DiscoveryConfig.parse("static:10.0.0.1[7800]"));
        assertThat(config.routers()).isEqualTo(RouterHosts.parse("reference-router[12001]"));
        assertThat(config.tcp().externalAddress()).isEqualTo(InetAddress.getByName("10.0.0.8"));
    }

    @Test
    void flagsWinOverTheReferenceNames() {
        MemberConfig config = load(Map.of("SITE", "reference", "TUNNEL_INITIAL_HOSTS", "reference-router[12001]"),
                "--site", "flag", "--routers", "flag-router:12001");

        assertThat(config.site()).isEqualTo("flag");
        assertThat(config.routers()).isEqualTo(RouterHosts.parse("flag-router[12001]"));
    }

    @Test
    void emptyTextMeansNoneForKeysWhoseDefaultIsNone() {
        MemberConfig config = load(Map.of("SITE", "nyc", "DNS_QUERY", "xsite.example", "JGROUPS_EXTERNAL_ADDR", ""),
                "--site", "", "--discovery", " ");

        assertThat(config.site()).isNull();
        assertThat(config.discovery()).isNull();
        assertThat(config.tcp().externalAddress()).isNull();
    }

    @Test
    void anInvalidTunnelInitialHostsSaysWhichEntryAndGivesAnExample() {
        CommandRun run = xsite(Map.of("TUNNEL_INITIAL_HOSTS", "router-a:12001,,"), "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("node: invalid TUNNEL_INITIAL_HOSTS (environment): "
                + "\"router-a:12001,,\" is not a router list (host[port] or host:port, comma-separated): "
                + "router list entry 2 '': the entry is empty (stray comma?), e.g. router-a[12001],router-b[12001]");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anEmptyTunnelInitialHostsIsAMissingSettingNotNoRouters() {
        CommandRun run = xsite(Map.of("SITE", "nyc", "TUNNEL_INITIAL_HOSTS", " "), "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("node: invalid TUNNEL_INITIAL_HOSTS (environment): \" \" is not a "
                + "router list (host[port] or host:port, comma-separated): the list is empty, "
                + "e.g. router-a[12001],router-b[12001]");
    }

    @Test
    void kubernetesLabelsAndNamespaceMakeKubernetesDiscovery() {
        MemberConfig config = load(Map.of("KUBERNETES_LABELS", "app.kubernetes.io/name=xsite,xsite.io/site=nyc",
                "KUBERNETES_NAMESPACE", "xsite-nyc"));

        assertThat(config.discovery()).isEqualTo(new DiscoveryConfig.Kubernetes(KubernetesDiscoveryConfig.of(
                "app.kubernetes.io/name=xsite,xsite.io/site=nyc", 7800).withNamespace("xsite-nyc")));
        assertThat(load(Map.of("KUBERNETES_NAMESPACE", "xsite-nyc", "DNS_QUERY", "nyc")).discovery())
                .as("the namespace matters to kubernetes discovery only")
                .isEqualTo(DiscoveryConfig.parse("dns:nyc"));
    }

    @Test
    void badKubernetesSettingsAreOneLineEach() {
        CommandRun run = xsite(Map.of("KUBERNETES_LABELS", "app=xsite;site=nyc", "KUBERNETES_NAMESPACE", "Sites_NYC"),
                "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "node: invalid KUBERNETES_LABELS (environment): \"app=xsite;site=nyc\" is not a label selector "
                        + "(key=value pairs joined by ','): 'app=xsite;site=nyc' is not a label selector (key=value "
                        + "pairs joined by ',', e.g. app=xsite,site=nyc), e.g. app.kubernetes.io/name=xsite,xsite.io/site=nyc",
                "node: invalid KUBERNETES_NAMESPACE (environment): \"Sites_NYC\" is not a namespace (lower-case "
                        + "letters, digits and '-'), or empty for none, e.g. xsite");
    }

    @Test
    void twoReferenceNamesForDiscoveryConflict() {
        CommandRun run = xsite(Map.of("DNS_QUERY", "nyc", "KUBERNETES_LABELS", "app=xsite"), "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("node: conflicting DNS_QUERY and KUBERNETES_LABELS (environment): "
                + "both set discovery; keep one, or set XSITE_NODE_DISCOVERY to say which");
    }

    @Test
    void anInvalidReferenceNameIsReportedInItsOwnSyntax() {
        CommandRun run = xsite(Map.of("DNS_QUERY", "xsite.svc:7800", "JGROUPS_EXTERNAL_ADDR", "not an address",
                "SITE", "new york"), "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "node: invalid SITE (environment): \"new york\" is not a name (letters, digits, '.', '-', '_'), "
                        + "or empty for none, e.g. nyc",
                "node: invalid DNS_QUERY (environment): \"xsite.svc:7800\" is not a DNS name (letters, digits, '.', "
                        + "'-', '_'), or empty for none, e.g. xsite.default.svc.cluster.local",
                "node: invalid JGROUPS_EXTERNAL_ADDR (environment): \"not an address\" is not an IP address or a host "
                        + "name that resolves, or empty for none, e.g. 10.0.0.5");
    }

    @Test
    void anInvalidDiscoverySpecNamesTheProblem() {
        CommandRun run = xsite("node", "--discovery", "consul:xsite");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("node: invalid --discovery (flag): \"consul:xsite\" is not a "
                + "discovery spec, or empty for none: unknown kind 'consul', e.g. static:10.0.0.1[7800],10.0.0.2[7800]");
    }

    @Test
    void invalidNodeVariablesNameTheVariable() {
        CommandRun run = xsite(Map.of("XSITE_NODE_TRANSPORT", "udp", "XSITE_NODE_HEARTBEAT_INTERVAL", "0"), "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "node: invalid XSITE_NODE_TRANSPORT (environment): \"udp\" is not tcp or tunnel, e.g. tcp",
                "node: invalid XSITE_NODE_HEARTBEAT_INTERVAL (environment): \"0\" is not a positive duration "
                        + "(500ms, 30s, 5m, 1h or ISO-8601 like PT30S), e.g. 1s");
    }

    @Test
    void aTunnelWithoutRoutersIsRefusedWithAnExample() {
        CommandRun run = xsite("node", "--transport", "tunnel");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("node: invalid configuration: transport tunnel needs routers, "
                + "e.g. XSITE_NODE_ROUTERS=router-a[12001],router-b[12001]");
    }

    @Test
    void aSuspectTimeoutNotLongerThanTheHeartbeatIsRefused() {
        CommandRun run = xsite(Map.of("XSITE_NODE_HEARTBEAT_INTERVAL", "2s"), "node", "--suspect-timeout", "2s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "node: invalid configuration: suspect-timeout (2s) must be longer than heartbeat-interval (2s)");
    }

    @Test
    void aTakenPortIsOneLineAndExitOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CommandRun run = xsite("node", "--bind", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()),
                    "--admin-port", "-1");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.errLines()).singleElement().asString()
                    .startsWith("node: cannot start member (").contains("Address already in use");
        }
    }

    @Test
    void theAdminTokenFileIsOneSettingSharedByEveryCommandInEveryLayer() throws IOException {
        Path nested = Files.writeString(dir.resolve("nested.yaml"), "admin:\n  token-file: /from/section\n");
        Path dotted = Files.writeString(dir.resolve("dotted.yaml"), "admin.token-file: /from/dotted\n");

        assertThat(loadNode(Map.of()).adminTokenFile()).isEmpty();
        assertThat(loadNode(Map.of(), "--config", nested.toString()).adminTokenFile())
                .contains(Path.of("/from/section"));
        assertThat(loadNode(Map.of(), "--config", dotted.toString()).adminTokenFile())
                .contains(Path.of("/from/dotted"));
        assertThat(loadNode(Map.of("XSITE_ADMIN_TOKEN_FILE", "/from/env"), "--config", nested.toString())
                .adminTokenFile()).contains(Path.of("/from/env"));
        assertThat(loadNode(Map.of("XSITE_ADMIN_TOKEN_FILE", "/from/env"), "--admin-token-file", "/from/flag")
                .adminTokenFile()).contains(Path.of("/from/flag"));
        assertThat(loadNode(Map.of("XSITE_NODE_ADMIN_TOKEN_FILE", "/not/read")).adminTokenFile())
                .as("a shared key has one variable, not one per command").isEmpty();
    }

    @Test
    void anUnknownKeyInTheAdminSectionIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("node.yaml"), "admin:\n  token: hunter2\n");

        CommandRun run = xsite("node", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("unknown key \"admin.token\"");
    }

    @Test
    void anEmptyOrMissingAdminTokenFileIsOneLineAndExitOneBeforeAnythingStarts() throws IOException {
        Path empty = Files.writeString(dir.resolve("token"), "\n");
        Path missing = dir.resolve("missing");

        CommandRun emptyRun = xsite("node", "--bind", "127.0.0.1", "--port", "0", "--admin-token-file",
                empty.toString());
        CommandRun missingRun = xsite(Map.of("XSITE_ADMIN_TOKEN_FILE", missing.toString()), "node", "--bind",
                "127.0.0.1", "--port", "0");

        assertThat(emptyRun.exitCode()).isEqualTo(1);
        assertThat(emptyRun.errLines()).containsExactly(
                "node: admin token file " + empty + ": the admin token is empty (admin.token-file)");
        assertThat(missingRun.exitCode()).isEqualTo(1);
        assertThat(missingRun.errLines()).singleElement().asString()
                .startsWith("node: cannot read admin token file " + missing + ": NoSuchFileException");
    }

    @Test
    void theLoggedConfigurationNamesEveryKey() {
        NodeConfig config = loadNode(Map.of(), "--cluster", "demo", "--name", "A", "--discovery",
                "static:h1:7800,h2[7801]");

        assertThat(NodeSettings.describe(config)).isEqualTo("cluster=demo, name=A, site=, transport=tcp, routers=, "
                + "discovery=static:h1:7800,h2:7801, kubernetes-namespace=, bind-address=0.0.0.0, port=7800, external-address=, "
                + "admin-port=8080, admin.token-file=, tls.dir=, insecure=false, heartbeat-interval=1s, suspect-timeout=6s, verify-timeout=2s, bridge=bridge, "
                + "max-site-masters=1, can-become-site-master=true, resp-port=6379, resp-password-file=, "
                + "resp-max-request-bytes=512MiB, grid.caches=default:2, grid.backups=, grid.conflicts=");
    }

    @Test
    void helpShowsTheDefaultsAndEveryKeyHasAnOption() {
        CommandRun run = xsite("node", "--help");
        var options = XsiteCommand.commandLine(Map.of()).getSubcommands().get("node").getCommandSpec().options();
        var optionNames = options.stream().map(OptionSpec::longestName).collect(Collectors.toSet());
        var keyFlags = NodeSettings.SCHEMA.keys().stream().map(ConfigKey::flag).collect(Collectors.toSet());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: xsite node", "TUNNEL_INITIAL_HOSTS");
        for (String shown : List.of("xsite", "tcp", "0.0.0.0", "7800", "8080", "1s", "6s", "2s")) {
            assertThat(run.out()).containsPattern("Default:\\s+" + Pattern.quote(shown) + "\\.");
        }
        assertThat(optionNames).containsAll(keyFlags);
        assertThat(optionNames).filteredOn(name -> !keyFlags.contains(name))
                .containsExactlyInAnyOrder("--config", "--help", "--version", "--log-level");
    }

    private static MemberConfig load(Map<String, String> environment, String... nodeArgs) {
        return loadNode(environment, nodeArgs).member();
    }

    private static NodeConfig loadNode(Map<String, String> environment, String... nodeArgs) {
        CommandLine xsite = XsiteCommand.commandLine(environment);
        String[] args = new String[nodeArgs.length + 1];
        args[0] = "node";
        System.arraycopy(nodeArgs, 0, args, 1, nodeArgs.length);
        xsite.parseArgs(args);
        NodeCommand node = xsite.getSubcommands().get("node").getCommand();
        return node.load();
    }
}
