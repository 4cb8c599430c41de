package io.xsite.relay.page;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminToken;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.tunnel.RouterHosts;
import io.xsite.relay.RelayConfig;
import io.xsite.relay.RelayNode;
import io.xsite.relay.RelaySites;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The live page of a relay node over real HTTP: the HTML, the status JSON, the event stream and its bound. */
class LivePageTest {
    private static final String TOKEN = "page-t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void thePageIsOpenWhileTheStateItShowsNeedsTheToken() throws Exception {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback());
             RelayNode node = RelayNode.start(lon(router, "lon0"), AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)))) {
            String base = base(node);

            HttpResponse<String> page = get(base + "/", false);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("<title>xsite</title>", "fetch(\"events\"");
            assertThat(page.body()).as("self-contained: nothing loaded from elsewhere")
                    .doesNotContain("http://", "https://", "src=", "<link");
            assertThat(get(base + "/status", false).statusCode()).isEqualTo(401);
            assertThat(get(base + "/events", false).statusCode()).isEqualTo(401);

            await("the site master connects to its router").atMost(ofSeconds(30)).untilAsserted(() -> {
                JsonNode status = JSON.readTree(get(base + "/status", true).body());
                assertThat(status.get("site").asText()).isEqualTo("lon");
                assertThat(status.get("member").asText()).isEqualTo("lon0");
                assertThat(status.at("/view/members")).extracting(JsonNode::asText).containsExactly("lon0");
                assertThat(status.at("/sites/0/site").asText()).isEqualTo("lon");
                assertThat(status.at("/sites/0/siteMasters")).extracting(JsonNode::asText).containsExactly("lon0");
                assertThat(status.at("/routers/0/bridge").asText()).isEqualTo("bridge");
                assertThat(status.at("/routers/0/address").asText()).isEqualTo(RouterHosts.format(router.address()));
                assertThat(status.at("/routers/0/connected").asBoolean()).isTrue();
            });
        }
    }

    @Test
    void anEventFollowsEachChangeOfTheViewAndSiteMasters() throws Exception {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback());
             RelaySites sites = new RelaySites()) {
            List<RelayNode> lon = sites.start("lon", 2, 1, bridge(router), List.of(), 0);
            // Both nodes agree on one site master: a loaded machine may split and merge the site at first.
            await("lon forms with one site master").atMost(ofSeconds(60)).until(() -> lon.stream().allMatch(node ->
                    node.localView() != null && node.localView().size() == 2 && node.topology().containsKey("lon")
                    && node.topology().get("lon").siteMasters().size() == 1)
                    && lon.stream().map(node -> node.topology().get("lon").siteMasters()).distinct().count() == 1);
            String masterName = lon.get(0).topology().get("lon").siteMasters().get(0).name();
            RelayNode master = lon.stream().filter(node -> node.name().equals(masterName)).findFirst().orElseThrow();
            RelayNode standby = lon.stream().filter(node -> node != master).findFirst().orElseThrow();

            HttpResponse<Stream<String>> response = http.send(request(base(standby) + "/events", false).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            AtomicReference<JsonNode> latest = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    events(response.body()).forEachRemaining(latest::set);
                } catch (UncheckedIOException closed) {
                    // The test closed the body at its end.
                }
            }, "events-reader");
            reader.setDaemon(true);
            reader.start();
            await("an event shows both members and the site master").atMost(ofSeconds(10)).untilAsserted(() -> {
                JsonNode before = latest.get();
                assertThat(before).isNotNull();
                assertThat(before.at("/view/members")).extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder("lon0", "lon1");
                assertThat(before.at("/sites/0/siteMasters")).extracting(JsonNode::asText).containsExactly(masterName);
            });

            sites.forget(master);
            master.simulateCrash();

            await("an event shows the standby alone, site master and connected to the router").atMost(ofSeconds(60))
                    .untilAsserted(() -> {
                        JsonNode after = latest.get();
                        assertThat(after.at("/view/members")).extracting(JsonNode::asText)
                                .containsExactly(standby.name());
                        assertThat(after.at("/sites/0/siteMasters")).extracting(JsonNode::asText)
                                .containsExactly(standby.name());
                        assertThat(after.at("/routers/0/connected").asBoolean()).isTrue();
                    });
            response.body().close();
        }
    }

    @Test
    void atMostSixteenEventStreamsAreOpenAndAFreedPlaceIsTakenAgain() throws Exception {
        try (GossipRouter router = GossipRouter.start(RouterConfig.loopback());
             RelayNode node = RelayNode.start(lon(router, "lon0"))) {
            List<Socket> streams = new ArrayList<>();
            try {
                for (int i = 0; i < LivePage.MAX_SUBSCRIBERS; i++) {
                    Socket stream = openEvents(node);
                    streams.add(stream);
                    assertThat(head(stream)).as("stream %d", i + 1).startsWith("HTTP/1.1 200");
                }

                try (Socket oneMore = openEvents(node)) {
                    String refused = head(oneMore);
                    assertThat(refused).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 10");
                }
                assertThat(node.metricsText()).contains(
                        "xsite_page_subscribers_refused_total{member=\"lon0\",site=\"lon\"} 1.0",
                        "xsite_page_subscribers{member=\"lon0\",site=\"lon\"} " + LivePage.MAX_SUBSCRIBERS + ".0");

                streams.remove(0).close();
                await("the place of the stream that left is free again").atMost(ofSeconds(10)).untilAsserted(() -> {
                    try (Socket again = openEvents(node)) {
                        assertThat(head(again)).startsWith("HTTP/1.1 200");
                    }
                });
            } finally {
                for (Socket stream : streams) {
                    stream.close();
                }
            }
        }
    }

    @Test
    void aMemberWithoutRelayShowsItsClusterAsItsOneSite() throws Exception {
        try (Member member = Member.start(MemberConfig.loopback("grid", "g0").withAdminPort(0));
             LivePage page = new LivePage(() -> NodeStatus.ofMember(member), EventLoops.shared().next(),
                     new SimpleMeterRegistry())) {
            page.routes().forEach(member::addAdminRoute);
            String base = "http://127.0.0.1:" + member.adminAddress().orElseThrow().getPort();

            assertThat(get(base + "/", false).body()).contains("<title>xsite</title>");
            await("the member joins its cluster").atMost(ofSeconds(30)).untilAsserted(() -> {
                JsonNode status = JSON.readTree(get(base + "/status", false).body());
                assertThat(status.get("site").asText()).isEqualTo("grid");
                assertThat(status.at("/view/members")).extracting(JsonNode::asText).containsExactly("g0");
                assertThat(status.at("/sites/0/members/0/physical").asText())
                        .isEqualTo("127.0.0.1:" + member.physicalAddress().getPort());
                assertThat(status.at("/sites/0/siteMasters")).isEmpty();
                assertThat(status.get("routers")).isEmpty();
            });
        }
    }

    private static RelayConfig lon(GossipRouter router, String name) {
        return RelayConfig.DEFAULTS.withSite("lon").withMember(MemberConfig.loopback("lon", name))
                .withBridges(bridge(router)).withAdminPort(0);
    }

    private static List<BridgeConfig> bridge(GossipRouter router) {
        return List.of(new BridgeConfig("bridge", List.of(router.address())));
    }

    /** The JSON of each event of a {@code text/event-stream} body, as it arrives. */
    private static Iterator<JsonNode> events(Stream<String> lines) {
        return lines.filter(line -> line.startsWith("data: ")).map(line -> {
            try {
                return JSON.readTree(line.substring("data: ".length()));
            } catch (IOException e) {
                throw new AssertionError("an event is not JSON: " + line, e);
            }
        }).iterator();
    }

    private static Socket openEvents(RelayNode node) throws IOException {
        InetSocketAddress admin = node.adminAddress().orElseThrow();
        Socket socket = new Socket(admin.getAddress(), admin.getPort());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** The response head (status line and headers) read from {@code socket}. */
    private static String head(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String base(RelayNode node) {
        return "http://127.0.0.1:" + node.adminAddress().orElseThrow().getPort();
    }

    private HttpResponse<String> get(String url, boolean withToken) throws Exception {
        return http.send(request(url, withToken).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String url, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        return withToken ? request.header("Authorization", "Bearer " + TOKEN) : request;
    }
}
