package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.net.admin.AdminServer;
import io.xsite.net.admin.AdminToken;
import io.xsite.net.admin.XsiteVersion;
import io.xsite.relay.RelayNode;
import io.xsite.relay.probe.ProbeCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code xsite probe} against two running sites (nyc 3, sfc 2) with the probe installed on every node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeCommandTest {
    private ProbeCluster cluster;

    @BeforeAll
    void start() {
        cluster = new ProbeCluster();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void printsOneBlockPerMemberOfTheSiteThenTheCount() {
        CommandRun run = xsite("probe", "--host", "127.0.0.1", "--port", adminPort(cluster.nyc.get(0)), "view");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines()).filteredOn(line -> line.contains(" [ip=127.0.0.1:"))
                .extracting(line -> line.substring(0, line.indexOf(' ')))
                .containsExactly("nyc0:nyc", "nyc1:nyc", "nyc2:nyc");
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("view=")).hasSize(3)
                .allSatisfy(line -> assertThat(line).matches("view=\\[nyc\\d\\|\\d+\\] \\(3\\) \\[nyc\\d, nyc\\d, nyc\\d\\]"));
        assertThat(run.outLines()).last().isEqualTo("3 responses");
    }

    @Test
    void allSitesAsksBothSitesAndKeysComeFromTheEnvironmentToo() {
        CommandRun run = xsite(Map.of("XSITE_PROBE_PORT", adminPort(cluster.sfc.get(1))),
                "probe", "--host", "127.0.0.1", "--all-sites", "--timeout", "3s", "version", "topology");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).filteredOn(line -> line.contains(" [ip=127.0.0.1:"))
                .extracting(line -> line.substring(0, line.indexOf(' ')))
                .containsExactly("nyc0:nyc", "nyc1:nyc", "nyc2:nyc", "sfc0:sfc", "sfc1:sfc");
        assertThat(run.outLines()).filteredOn(line -> line.contains(", site master, ")).hasSize(2);
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("version=")).hasSize(5)
                .allSatisfy(line -> assertThat(line).startsWith("version=" + XsiteVersion.current() + " (java "));
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("topology=")).hasSize(5)
                .containsOnly("topology=2 sites");
        assertThat(run.outLines()).last().isEqualTo("5 responses");
    }

    @Test
    void anUnreachableEndpointIsOneLineAndExitOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CommandRun run = xsite("probe", "--host", "127.0.0.1", "--port", String.valueOf(closedPort));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
                .isEqualTo("probe: cannot reach admin endpoint 127.0.0.1:" + closedPort + " (connection refused)");
    }

    @Test
    void anEndpointWithoutTheProbeIsOneLineAndExitOne() {
        try (AdminServer plain = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of("/health", AdminRoute.of(() -> AdminResponse.text(200, "UP\n"))))) {
            String port = String.valueOf(plain.address().getPort());

            CommandRun run = xsite("probe", "--host", "127.0.0.1", "--port", port);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.errLines()).containsExactly(
                    "probe: admin endpoint 127.0.0.1:" + port + " serves no /probe (is it an xsite relay node?)");
        }
    }

    @Test
    void theProbeSendsTheTokenOfTheSharedSettingAndSaysSoWhenItIsMissing(@TempDir Path dir) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), "probe-token\n");
        try (AdminServer guarded = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of("/probe", AdminRoute.throttled(parameters -> CompletableFuture.completedFuture(
                        AdminResponse.text(200, "0 responses\n")))),
                AdminAccess.OPEN.withToken(AdminToken.of("probe-token")), new SimpleMeterRegistry(),
                Optional.empty())) {
            String port = String.valueOf(guarded.address().getPort());

            CommandRun withToken = xsite(Map.of("XSITE_ADMIN_TOKEN_FILE", tokenFile.toString()), "probe", "--host",
                    "127.0.0.1", "--port", port);
            CommandRun without = xsite("probe", "--host", "127.0.0.1", "--port", port);

            assertThat(withToken.exitCode()).isZero();
            assertThat(withToken.outLines()).containsExactly("0 responses");
            assertThat(without.exitCode()).isEqualTo(1);
            assertThat(without.errLines()).containsExactly("probe: admin endpoint 127.0.0.1:" + port
                    + " needs its admin token (set --admin-token-file or XSITE_ADMIN_TOKEN_FILE)");
        }
    }

    @Test
    void anUnknownKeyIsAUsageErrorNamingTheKeys() {
        CommandRun run = xsite("probe", "--port", "1", "threads");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("unknown probe key 'threads'; keys are view, version, metrics, topology")
                .contains("Usage: xsite probe");
    }

    @Test
    void aTimeoutOverAMinuteIsAConfigurationError() {
        CommandRun run = xsite("probe", "--timeout", "2m");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "probe: invalid configuration: timeout must be positive and at most 60s: PT2M");
    }

    @Test
    void helpShowsTheNodesDefaultAdminPort() {
        CommandRun run = xsite("probe", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Default: localhost.").contains("Default: 8080.").contains("Default: 2s.")
                .contains("[KEY...]");
    }

    private static String adminPort(RelayNode node) {
        return String.valueOf(node.adminAddress().orElseThrow().getPort());
    }
}
