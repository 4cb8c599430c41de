package io.xsite.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminToken;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A stranger asks a router with an admin token for its clusters (who is registered, from which addresses):
 * refused, counted, and the kubelet's probes still answer. Before the token, {@code /clusters} answered anyone.
 */
class RouterAdminAccessTest {
    private static final String TOKEN = "router-admin-token";

    @Test
    void withATokenTheClustersAndMetricsNeedItAndTheProbesDoNot() {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback(),
                AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)))) {
            AdminClient admin = new AdminClient(router.adminAddress().orElseThrow());

            HttpResponse<String> clusters = admin.get("/clusters");
            HttpResponse<String> metrics = admin.get("/metrics");
            HttpResponse<String> authorized = admin.send(HttpRequest.newBuilder(admin.uri("/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).GET());

            assertThat(clusters.statusCode()).isEqualTo(401);
            assertThat(clusters.headers().firstValue("www-authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertThat(metrics.statusCode()).isEqualTo(401);
            assertThat(admin.get("/health").statusCode()).isEqualTo(200);
            assertThat(admin.get("/ready").statusCode()).isEqualTo(200);
            assertThat(authorized.statusCode()).isEqualTo(200);
            assertThat(authorized.body()).contains("xsite_admin_requests_refused_total{reason=\"unauthorized\"} 2.0",
                    "xsite_admin_requests_refused_total{reason=\"rate_limited\"} 0.0");
        }
    }
}
