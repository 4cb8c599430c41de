package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The router's configuration as {@code xsite router} builds it from its real command line. */
class RouterConfigLayersTest {
    @TempDir
    Path dir;

    @Test
    void withoutFileEnvironmentOrFlagsTheRouterGetsItsDefaults() {
        assertThat(load(Map.of())).isEqualTo(RouterConfig.DEFAULTS);
    }

    @Test
    void fileThenEnvironmentThenFlagsEachWin() throws IOException {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, """
                bind-address: 127.0.0.1
                port: 13001
                admin-port: 13002
                max-frame-bytes: 1MiB
                idle-expiry: 30s
                tcp-keepalive: false
                """);
        Map<String, String> env = Map.of("XSITE_ROUTER_PORT", "14001", "XSITE_ROUTER_IDLE_EXPIRY", "5m",
                "XSITE_ROUTER_ADMIN_PORT", "-1");

        RouterConfig config = load(env, "--config", file.toString(), "--port", "15001", "--tcp-keepalive",
                "--write-buffer-high-water-mark", "4MiB");

        RouterConfig d = RouterConfig.DEFAULTS;
        assertThat(config).isEqualTo(new RouterConfig("127.0.0.1", 15001, -1, 1 << 20, Duration.ofMinutes(5), true,
                d.slowReceiverTimeout(), d.writeBufferLowWaterMark(), 4 << 20, d.takeoverAfterSilence(),
                d.maxConnections(), d.maxConnectionsPerAddress(), d.maxRegistrationsPerConnection(), d.maxNameLength(),
                d.firstFrameTimeout(), d.maxControlFrameBytes(), d.ioThreads()));
    }

    @Test
    void theLimitsAgainstStrangersAreSettings() {
        RouterConfig config = load(Map.of("XSITE_ROUTER_MAX_CONNECTIONS", "100"), "--max-connections-per-address",
                "7", "--max-registrations-per-connection", "3", "--max-name-length", "50", "--first-frame-timeout",
                "2s", "--max-control-frame-bytes", "16KiB");

        assertThat(config.maxConnections()).isEqualTo(100);
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(7);
        assertThat(config.maxRegistrationsPerConnection()).isEqualTo(3);
        assertThat(config.maxNameLength()).isEqualTo(50);
        assertThat(config.firstFrameTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.maxControlFrameBytes()).isEqualTo(16 << 10);
    }

    @Test
    void theEventLoopThreadsAreASettingWhereZeroMeansOnePerProcessor() {
        assertThat(load(Map.of()).ioThreads()).isEqualTo(1);
        assertThat(load(Map.of(), "--io-threads", "0").effectiveIoThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(load(Map.of("XSITE_ROUTER_IO_THREADS", "3")).ioThreads()).isEqualTo(3);
        assertThat(load(Map.of("XSITE_ROUTER_IO_THREADS", "3"), "--io-threads", "1").effectiveIoThreads())
                .isEqualTo(1);
        CommandRun run = xsite("router", "--bind", "127.0.0.1", "--port", "0", "--io-threads", "-1");
        assertThat(run.exitCode()).isNotZero();
        assertThat(String.join("\n", run.errLines())).contains("io-threads");
    }

    @Test
    void theTlsSettingsComeFromTheSharedVariablesOrTheFlags() {
        assertThat(loadProcess(Map.of())).extracting(RouterProcessConfig::tlsDir, RouterProcessConfig::insecure,
                RouterProcessConfig::bridges).containsExactly(Optional.empty(), false, List.of("bridge"));
        RouterProcessConfig fromEnvironment = loadProcess(Map.of("XSITE_TLS_DIR", "/etc/xsite/tls",
                "XSITE_INSECURE", "true", "XSITE_ROUTER_BRIDGES", "bridge,backup"));
        assertThat(fromEnvironment.tlsDir()).contains(Path.of("/etc/xsite/tls"));
        assertThat(fromEnvironment.insecure()).isTrue();
        assertThat(fromEnvironment.bridges()).containsExactly("bridge", "backup");
        RouterProcessConfig fromFlags = loadProcess(Map.of("XSITE_TLS_DIR", "/a"), "--tls-dir", "/b", "--insecure");
        assertThat(fromFlags.tlsDir()).contains(Path.of("/b"));
        assertThat(fromFlags.insecure()).isTrue();
    }

    @Test
    void shortFlagAliasesAndExplicitBooleansWork() {
        RouterConfig config = load(Map.of(), "--bind", "::1", "--tcp-keepalive=false", "--takeover-after-silence",
                "PT1M", "--slow-receiver-timeout", "1500ms");

        assertThat(config.bindAddress()).isEqualTo("::1");
        assertThat(config.tcpKeepAlive()).isFalse();
        assertThat(config.takeoverAfterSilence()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.slowReceiverTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void theAdminTokenFileComesFromTheSharedVariableOrTheFlag() throws IOException {
        Path empty = Files.writeString(dir.resolve("token"), "");

        assertThat(loadProcess(Map.of()).adminTokenFile()).isEmpty();
        assertThat(loadProcess(Map.of("XSITE_ADMIN_TOKEN_FILE", "/etc/xsite/admin/token")).adminTokenFile())
                .contains(Path.of("/etc/xsite/admin/token"));
        assertThat(loadProcess(Map.of("XSITE_ADMIN_TOKEN_FILE", "/a"), "--admin-token-file", "/b").adminTokenFile())
                .contains(Path.of("/b"));
        CommandRun run = xsite("router", "--bind", "127.0.0.1", "--port", "0", "--admin-token-file", empty.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "router: admin token file " + empty + ": the admin token is empty (admin.token-file)");
    }

    private static RouterConfig load(Map<String, String> environment, String... routerArgs) {
        return loadProcess(environment, routerArgs).router();
    }

    private static RouterProcessConfig loadProcess(Map<String, String> environment, String... routerArgs) {
        CommandLine xsite = XsiteCommand.commandLine(environment);
        String[] args = new String[routerArgs.length + 1];
        args[0] = "router";
        System.arraycopy(routerArgs, 0, args, 1, routerArgs.length);
        xsite.parseArgs(args);
        RouterCommand router = xsite.getSubcommands().get("router").getCommand();
        return router.load();
    }
}
