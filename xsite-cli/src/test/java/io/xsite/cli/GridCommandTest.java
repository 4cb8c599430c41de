package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.xsite.cli.grid.GridService;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminServer;
import io.xsite.net.admin.AdminToken;
import io.xsite.grid.InMemoryGrid;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xsite grid} against a node's grid (an in-memory one) served by {@link GridService}. */
class GridCommandTest {
    @TempDir
    Path dir;

    private final ExecutorService completions = Executors.newSingleThreadExecutor();
    private final InMemoryGrid grid = new InMemoryGrid(List.of("default", "sessions"), completions,
            System::currentTimeMillis);
    private AdminServer admin;
    private GridService service;
    private Path tokenFile;

    @BeforeEach
    void start() throws IOException {
        tokenFile = Files.writeString(dir.resolve("token"), "s3cret\n");
        admin = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(),
                AdminAccess.OPEN.withToken(AdminToken.read(tokenFile)), new SimpleMeterRegistry(), Optional.empty());
        NodeGridConfig config = new NodeGridConfig(0, GridSettings.CACHES.parse("sessions:all"), Optional.empty(),
                1 << 20);
        service = GridService.start(grid, config.caches(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                config.resp(InetAddress.getLoopbackAddress(), Optional.empty()), (path, route) -> {
            admin.addRoute(path, route);
            return true;
        });
    }

    @AfterEach
    void stop() {
        service.close();
        admin.close();
        completions.shutdownNow();
    }

    @Test
    void putGetDelAndStatusThroughTheAdminEndpoint() {
        String port = String.valueOf(admin.address().getPort());
        Map<String, String> env = Map.of("XSITE_ADMIN_TOKEN_FILE", tokenFile.toString());

        assertThat(xsite(env, "grid", "put", "--port", port, "user:1", "Ada Lovelace").outLines()).containsExactly("OK");
        assertThat(xsite(env, "grid", "get", "--port", port, "user:1").outLines()).containsExactly("Ada Lovelace");
        assertThat(xsite(env, "grid", "put", "--port", port, "--cache", "sessions", "--ttl", "60", "s/1", "x")
                .exitCode()).isZero();
        assertThat(xsite(env, "grid", "get", "--port", port, "--cache", "sessions", "s/1").outLines())
                .containsExactly("x");
        assertThat(xsite(env, "grid", "status", "--port", port).out()).contains("\"name\" : \"sessions\"");
        assertThat(xsite(env, "grid", "del", "--port", port, "user:1").outLines()).containsExactly("deleted");

        CommandRun absent = xsite(env, "grid", "get", "--port", port, "user:1");
        assertThat(absent.exitCode()).isEqualTo(1);
        assertThat(absent.err()).isEqualTo("get: no key 'user:1' in cache default\n");
    }

    @Test
    void withoutTheTokenTheCommandSaysSo() {
        CommandRun run = xsite(Map.of(), "grid", "get", "--port", String.valueOf(admin.address().getPort()), "k");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("needs its admin token (set --admin-token-file or XSITE_ADMIN_TOKEN_FILE)");
    }

    @Test
    void backupActionsAreStateChangingRoutesOfTheAdminEndpoint() {
        String port = String.valueOf(admin.address().getPort());

        CommandRun withoutToken = xsite(Map.of(), "grid", "take-offline", "--port", port, "sfc");
        CommandRun unknownSite = xsite(Map.of("XSITE_ADMIN_TOKEN_FILE", tokenFile.toString()), "grid", "bring-online",
                "--port", port, "--cache", "sessions", "sfc");

        assertThat(withoutToken.exitCode()).isEqualTo(1);
        assertThat(withoutToken.err()).contains("needs its admin token");
        assertThat(unknownSite.exitCode()).isEqualTo(1);
        assertThat(unknownSite.err()).contains("answered 400: cache sessions has no backup site sfc");
    }

    @Test
    void theRespPortServesTheSameCachesWithDefaultAsDatabaseZero() throws IOException {
        try (Socket socket = new Socket(service.respAddress().getAddress(), service.respAddress().getPort())) {
            socket.getOutputStream().write("SET k v\r\nSELECT 1\r\nSET s w\r\nSELECT 2\r\n".getBytes(US_ASCII));
            InputStream in = socket.getInputStream();
            String expected = "+OK\r\n+OK\r\n+OK\r\n-ERR DB index is out of range\r\n";
            assertThat(new String(in.readNBytes(expected.length()), US_ASCII)).isEqualTo(expected);
        }
        assertThat(grid.cache("default").orElseThrow().get("k".getBytes(US_ASCII)).join()).isPresent();
        assertThat(grid.cache("sessions").orElseThrow().get("s".getBytes(US_ASCII)).join()).isPresent();
    }
}
