package io.xsite.relay;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.core.member.MemberConfig;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay's admin endpoint serves the member's routes plus /topology, and relay metrics with the member's. */
class RelayAdminTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void topologyAndMetricsAreServed() throws Exception {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback());
             RelayNode node = RelayNode.start(RelayConfig.DEFAULTS.withSite("lon")
                     .withMember(MemberConfig.loopback("lon", "lon0"))
                     .withBridges(List.of(new BridgeConfig("bridge", List.of(router.address()))))
                     .withAdminPort(0))) {
            String base = "http://127.0.0.1:" + node.adminAddress().orElseThrow().getPort();
            await("the node sees its own site").atMost(ofSeconds(10))
                    .untilAsserted(() -> assertThat(node.topology()).containsKey("lon"));

            JsonNode topology = new ObjectMapper().readTree(get(base + "/topology"));
            assertThat(topology.get("site").asText()).isEqualTo("lon");
            JsonNode site = topology.get("sites").get(0);
            assertThat(site.get("site").asText()).isEqualTo("lon");
            assertThat(site.get("siteMasters")).extracting(JsonNode::asText).containsExactly("lon0");
            JsonNode member = site.get("members").get(0);
            assertThat(member.get("name").asText()).isEqualTo("lon0");
            assertThat(member.get("address").asText()).isEqualTo(node.address().uuid().toString());
            assertThat(member.get("physical").asText()).startsWith("127.0.0.1:");
            assertThat(member.get("siteMaster").asBoolean()).isTrue();

            String metrics = get(base + "/metrics");
            assertThat(metrics).contains("xsite_member_view_size", "xsite_relay_site_master_changes_total",
                    "xsite_relay_resends_total");
            assertThat(get(base + "/health")).contains("UP");
        }
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
