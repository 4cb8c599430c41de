package io.xsite.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The readiness read from {@code /grid/status}: home writable, and the backlog toward it at the site in use. */
class AdminStatusReadinessTest {
    private final AtomicReference<String> nycStatus = new AtomicReference<>(status("nyc", true, ""));
    private final AtomicReference<String> sfcStatus = new AtomicReference<>(status("sfc", true, ""));
    private final HttpServer nyc = serve(nycStatus);
    private final HttpServer sfc = serve(sfcStatus);
    private final AdminStatusReadiness readiness = new AdminStatusReadiness(Map.of("nyc", List.of(url(nyc)),
            "sfc", List.of(url(sfc))), Optional.of("token"), Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        nyc.stop(0);
        sfc.stop(0);
    }

    @Test
    void aBacklogTowardHomeMeansNotYetAndAnEmptyOneMeansReady() {
        sfcStatus.set(status("sfc", true, backups("nyc", 12, 3400)));
        Readiness behind = check();
        assertThat(behind.caughtUp()).isFalse();
        assertThat(behind.reason()).isEqualTo("site sfc still has 24 keys to back up to nyc, the oldest 3400 ms old");

        sfcStatus.set(status("sfc", true, backups("nyc", 0, 0)));
        Readiness caughtUp = check();
        assertThat(caughtUp.caughtUp()).isTrue();
        assertThat(caughtUp.reason()).isEqualTo("site sfc has no keys left to back up to nyc");
    }

    @Test
    void aStateTransferOnItsWayHomeMeansNotYetThoughNoKeyIsPending() {
        sfcStatus.set(status("sfc", true, backups("nyc", 0, 0).replace("\"pendingKeys\": 0,",
                "\"pendingKeys\": 0, \"state\": \"pushing\",")));
        assertThat(check()).isEqualTo(Readiness.notYet(
                "site sfc still pushes its state to nyc (2 transfers on their way, one per member and cache)"));

        sfcStatus.set(status("sfc", true, backups("nyc", 0, 0).replace("\"pendingKeys\": 0,",
                "\"pendingKeys\": 0, \"state\": \"online\",")));
        assertThat(check().caughtUp()).isTrue();
    }

    @Test
    void aHomeThatCannotWriteIsNotReadyWhateverTheBacklog() {
        nycStatus.set(status("nyc", false, ""));
        assertThat(check()).isEqualTo(Readiness.notYet("site nyc is not writable"));
    }

    @Test
    void withoutBackupsReportedHomeIsReadyOnceItAnswersAndWrites() {
        assertThat(check().caughtUp()).isTrue();
        assertThat(check().reason()).contains("site sfc reports no backup to it");
    }

    @Test
    void aSilentSiteInUseLeavesTheBacklogUnknown() {
        sfc.stop(0);
        Readiness unknown = check();
        assertThat(unknown.caughtUp()).isFalse();
        assertThat(unknown.reason()).contains("its backlog for nyc is unknown");
    }

    private Readiness check() {
        return readiness.check("nyc", "sfc").toCompletableFuture().join();
    }

    /** A status of two caches; {@code backups} (a JSON member or empty) goes into each. */
    private static String status(String site, boolean writable, String backups) {
        String cache = "{\"name\": \"%s\", \"owners\": 2, \"localEntries\": 10" + backups + "}";
        return "{\"member\": \"" + site + "-0\", \"site\": \"" + site + "\", \"writable\": " + writable
                + ", \"caches\": [" + cache.formatted("default") + ", " + cache.formatted("sessions") + "]}";
    }

    private static String backups(String site, long pending, long oldestMillis) {
        return ", \"backups\": [{\"site\": \"other\", \"pendingKeys\": 99, \"oldestPendingMillis\": 1}, {\"site\": \""
                + site + "\", \"pendingKeys\": " + pending + ", \"oldestPendingMillis\": " + oldestMillis + "}]";
    }

    private static HttpServer serve(AtomicReference<String> status) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(AdminStatusReadiness.STATUS_PATH, exchange -> {
                boolean authorised = "Bearer token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = (authorised ? status.get() : "unauthorised").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(authorised ? 200 : 401, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI url(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
