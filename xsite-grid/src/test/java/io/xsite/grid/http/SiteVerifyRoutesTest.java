package io.xsite.grid.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.core.admin.AdminAccess;
import io.xsite.core.admin.AdminServer;
import io.xsite.core.admin.AdminToken;
import io.xsite.grid.ComparingGrid;
import io.xsite.grid.GridException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /grid/verify} reads without the token where reads are open; {@code /grid/repair} needs the token. */
class SiteVerifyRoutesTest {
    private static final String TOKEN = "t0ken";
    private static final SiteComparison DIFFERENT = new SiteComparison("default", "nyc", "sfc", 256, 10, 9,
            List.of(new SiteComparison.SegmentDifference(17, 3, 2)));
    private static final SiteComparison SAME = new SiteComparison("default", "nyc", "sfc", 256, 10, 10, List.of());

    private final ComparingGrid grid = new ComparingGrid(DIFFERENT, new SiteRepair(DIFFERENT, SAME));
    private final HttpClient http = HttpClient.newHttpClient();
    private AdminServer admin;

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
    }

    private void start(AdminAccess access) {
        admin = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), GridRoutes.of(grid),
                access, new SimpleMeterRegistry(), Optional.empty());
    }

    @Test
    void verifyIsOpenWhereReadsAreAndRepairIsRefusedWithoutAToken() throws Exception {
        start(AdminAccess.OPEN);

        HttpResponse<String> verify = send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc", null);
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readValue(verify.body(), SiteComparison.class)).isEqualTo(DIFFERENT);
        assertThat(send("POST", SiteVerifyRoutes.REPAIR + "?site=sfc", null).statusCode()).isEqualTo(403);
        assertThat(grid.calls()).containsExactly("verify sfc default");
    }

    @Test
    void repairWithTheTokenAnswersBeforeAndAfter() throws Exception {
        start(AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)));

        assertThat(send("POST", SiteVerifyRoutes.REPAIR + "?site=sfc&cache=sessions", null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> repair = send("POST", SiteVerifyRoutes.REPAIR + "?site=sfc&cache=sessions", TOKEN);
        assertThat(repair.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readValue(repair.body(), SiteRepair.class)).isEqualTo(new SiteRepair(DIFFERENT,
                SAME));
        assertThat(send("GET", SiteVerifyRoutes.REPAIR + "?site=sfc", TOKEN).statusCode()).isEqualTo(405);
        assertThat(grid.calls()).containsExactly("repair sfc sessions");
    }

    @Test
    void aMissingSiteAnUnknownCacheAndASiteThatCannotVouchAreAnswered() throws Exception {
        start(AdminAccess.OPEN);

        assertThat(send("GET", SiteVerifyRoutes.VERIFY, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc&cache=nope", null).statusCode()).isEqualTo(404);
        grid.failWith(new GridException(GridException.Reason.UNAVAILABLE, "site sfc did not send its digests"));
        HttpResponse<String> down = send("GET", SiteVerifyRoutes.VERIFY + "?site=sfc", null);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("site sfc did not send its digests\n");
    }

    private HttpResponse<String> send(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + admin.address().getHostString()
                + ":" + admin.address().getPort() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
