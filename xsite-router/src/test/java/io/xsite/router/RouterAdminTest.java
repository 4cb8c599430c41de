package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The router's admin endpoint over real HTTP. */
class RouterAdminTest {

    @Test
    void healthReadyMetricsAndClustersDescribeTheRunningRouter() throws Exception {
        UuidAddress bridgeMember = UuidAddress.siteUuid(UUID.randomUUID(), "_nyc1", "nyc", 0);
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback());
             TestClient client = TestClient.connect(router.address())) {
            AdminClient admin = new AdminClient(router.adminAddress().orElseThrow());
            client.send(GossipData.register("bridge", bridgeMember, "_nyc1", TestClient.physical(5555)));
            client.send(GossipData.heartbeat());
            assertThat(client.receive()).isEqualTo(GossipData.heartbeat());

            HttpResponse<String> health = admin.get("/health");
            HttpResponse<String> ready = admin.get("/ready");
            HttpResponse<String> metrics = admin.get("/metrics");
            HttpResponse<String> clusters = admin.get("/clusters");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("UP");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("xsite_router_connections 1.0",
                    "xsite_router_registrations{group=\"bridge\"} 1.0", "xsite_router_frames_forwarded_total",
                    "xsite_router_bytes_forwarded_total", "xsite_router_registrations_refused_total{reason=\"held\"}");
            assertThat(clusters.statusCode()).isEqualTo(200);
            assertThat(clusters.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode json = new ObjectMapper().readTree(clusters.body());
            assertThat(json).hasSize(1);
            assertThat(json.get(0).get("group").asText()).isEqualTo("bridge");
            JsonNode member = json.get(0).get("members").get(0);
            assertThat(member.get("address").asText()).isEqualTo("_nyc1:nyc");
            assertThat(member.get("name").asText()).isEqualTo("_nyc1");
            assertThat(member.get("physical").asText()).isEqualTo("127.0.0.1:5555");
            assertThat(member.get("connection").asText())
                    .isEqualTo("127.0.0.1:" + client.localAddress().getPort());
        }
    }

    @Test
    void registrationGaugeOfAGroupDisappearsWithItsLastMember() {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback())) {
            AdminClient admin = new AdminClient(router.adminAddress().orElseThrow());
            try (TestClient client = TestClient.connect(router.address())) {
                client.register("short-lived", UuidAddress.randomUuid(), "A");
                await("the group is reported").atMost(ofSeconds(5))
                        .until(() -> admin.get("/metrics").body().contains("group=\"short-lived\""));
            }

            await("the empty group is no longer reported").atMost(ofSeconds(5))
                    .until(() -> !admin.get("/metrics").body().contains("group=\"short-lived\""));
        }
    }

    @Test
    void noAdminEndpointWhenItsPortIsMinusOne() {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1))) {
            assertThat(router.adminAddress()).isEmpty();
        }
    }

    @Test
    void startFailsNamingTheAddressWhenThePortIsTaken() {
        try (GossipRouter first = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1))) {
            int taken = first.address().getPort();

            assertThatIllegalStateException()
                    .isThrownBy(() -> GossipRouter.start(RouterConfig.loopback().withPorts(taken, -1)))
                    .withMessageContaining("127.0.0.1:" + taken);
        }
    }
}
