package io.xsite.grid.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminServer;
import io.xsite.net.admin.AdminToken;
import io.xsite.net.admin.RateLimit;
import io.xsite.grid.ComparingGrid;
import io.xsite.grid.GridException;
import io.xsite.grid.InMemoryGrid;
import io.xsite.grid.SiteComparison;
import io.xsite.grid.SiteRepair;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /caches/{cache}/{key}}, {@code /grid/status}, {@code /grid/verify} and {@code /grid/repair} on an admin
 * endpoint, with and without its token.
 */
class GridRoutesTest {
    private static final String TOKEN = "t0ken";

    private final ExecutorService completions = Executors.newSingleThreadExecutor();
    private final InMemoryGrid grid = new InMemoryGrid(List.of("default", "sessions"), completions,
            System::currentTimeMillis);
    private static final SiteComparison DIFFERENT = new SiteComparison("default", "nyc", "sfc", 256, 10, 9,
            List.of(new SiteComparison.SegmentDifference(17, 3, 2)));
    private static final SiteComparison SAME = new SiteComparison("default", "nyc", "sfc", 256, 10, 10, List.of());
    /** The grid with another site that differs in one segment until it is repaired. */
    private final ComparingGrid sites = new ComparingGrid(grid, DIFFERENT, new SiteRepair(DIFFERENT, SAME));
    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer admin;

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        completions.shutdownNow();
    }

    private void start(AdminAccess access) {
        admin = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), GridRoutes.of(sites),
                access, new SimpleMeterRegistry(), Optional.empty());
    }

    @Test
    void putGetAndDeleteAKeyWithTheToken() throws Exception {
        start(AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)));

        assertThat(send("PUT", "/caches/default/user%2F1", "Ada", TOKEN).statusCode()).isEqualTo(204);
        HttpResponse<String> read = send("GET", "/caches/default/user%2F1", null, TOKEN);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("Ada");
        assertThat(grid.cache("default").orElseThrow().get("user/1".getBytes()).join()).isPresent();
        assertThat(send("GET", "/caches/sessions/user%2F1", null, TOKEN).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/caches/default/user%2F1", null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/caches/default/user%2F1", null, TOKEN).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/caches/default/user%2F1", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/caches/nope/k", null, TOKEN).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/caches/default", null, TOKEN).statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/caches/default/k?ttl=soon", "v", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void withoutATokenReadsAreOpenAndWritesRefused() throws Exception {
        start(AdminAccess.OPEN);
        grid.cache("default").orElseThrow().put("k".getBytes(), "v".getBytes()).join();

        assertThat(send("GET", "/caches/default/k", null, null).body()).isEqualTo("v");
        assertThat(send("PUT", "/caches/default/k", "w", null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/caches/default/k", null, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/caches/default/k", null, null).body()).isEqualTo("v");
    }

    @Test
    void aPutWithTtlExpiresAndTheMinoritySideAnswers503() throws Exception {
        start(AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)));
        assertThat(send("PUT", "/caches/default/k?ttl=60", "v", TOKEN).statusCode()).isEqualTo(204);
        assertThat(grid.cache("default").orElseThrow().get("k".getBytes()).join().orElseThrow().expires()).isTrue();

        grid.refuseWrites(new GridException(GridException.Reason.CLUSTER_DOWN, "no majority"));
        HttpResponse<String> refused = send("PUT", "/caches/default/k", "w", TOKEN);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("no majority\n");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void statusDescribesEveryCache() throws Exception {
        start(AdminAccess.OPEN);
        grid.cache("sessions").orElseThrow().put("k".getBytes(), "v".getBytes()).join();

        HttpResponse<String> status = send("GET", GridRoutes.STATUS, null, null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(status.body()).contains("\"member\" : \"A\"", "\"name\" : \"sessions\"", "\"localEntries\" : 1",
                "\"writable\" : true");
    }

    @Test
    void verifyIsOpenWhereReadsAreAndRepairIsRefusedWithoutAToken() throws Exception {
        start(AdminAccess.OPEN);

        HttpResponse<String> verify = send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc", null, null);
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readValue(verify.body(), SiteComparison.class)).isEqualTo(DIFFERENT);
        assertThat(send("POST", SiteVerifyRoutes.REPAIR + "?site=sfc", null, null).statusCode()).isEqualTo(403);
        assertThat(sites.calls()).containsExactly("verify sfc default");
    }

    @Test
    void verifyBeyondTheRateLimitIs429AndTheRestOfTheEndpointStillAnswers() throws Exception {
        start(AdminAccess.OPEN.withRateLimit(new RateLimit(0.01, 2)));

        assertThat(send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc", null, null);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(sites.calls()).as("the refused request digested nothing").containsExactly("verify sfc default",
                "verify sfc default");
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", GridRoutes.STATUS, null, null).statusCode()).as("status, not rate-limited")
                    .isEqualTo(200);
        }
        assertThat(send("GET", GridRoutes.CACHES + "/default/nope", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void repairWithTheTokenAnswersBeforeAndAfter() throws Exception {
        start(AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)));

        assertThat(send("POST", SiteVerifyRoutes.REPAIR + "?site=sfc&cache=sessions", null, null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> repair = send("POST", SiteVerifyRoutes.REPAIR + "?site=sfc&cache=sessions", null, TOKEN);
        assertThat(repair.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readValue(repair.body(), SiteRepair.class)).isEqualTo(new SiteRepair(DIFFERENT,
                SAME));
        assertThat(send("GET", SiteVerifyRoutes.REPAIR + "?site=sfc", null, TOKEN).statusCode()).isEqualTo(405);
        assertThat(sites.calls()).containsExactly("repair sfc sessions");
    }

    @Test
    void aMissingSiteAnUnknownCacheAndASiteThatCannotVouchAreAnswered() throws Exception {
        start(AdminAccess.OPEN);

        assertThat(send("GET", SiteVerifyRoutes.VERIFY, null, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc&cache=nope", null, null).statusCode()).isEqualTo(404);
        sites.failWith(new GridException(GridException.Reason.UNAVAILABLE, "site sfc did not send its digests"));
        HttpResponse<String> down = send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc", null, null);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("site sfc did not send its digests\n");
    }

    private HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + admin.address().getHostString()
                + ":" + admin.address().getPort() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
