package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.routing.ForwardRule;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Routers failing, sites cut off and back, and a chain of sites joined by forward rules. */
class SiteFailuresTest {
    @RegisterExtension
    final TwoRouters routers = new TwoRouters();


    @Test
    void aChainOfSitesRelaysThroughTheMiddleSiteByForwardRules() throws Exception {
        BridgeConfig ab = routers.bridge("ab");
        BridgeConfig bc = routers.bridge("bc");
        List<RelayNode> a = routers.sites().start("a", 2, 1, List.of(ab), List.of(ForwardRule.of("c", "b")));
        List<RelayNode> b = routers.sites().start("b", 2, 1, List.of(ab, bc), List.of());
        List<RelayNode> c = routers.sites().start("c", 2, 1, List.of(bc), List.of(ForwardRule.of("a", "b")));
        List<RelayNode> all = Stream.of(a, b, c).flatMap(List::stream).toList();
        List<String> atC = new CopyOnWriteArrayList<>();
        c.forEach(node -> node.addMessageListener(m -> atC.add(node.name() + " got " + new String(m.payload(), UTF_8))));
        all.forEach(node -> node.setRequestHandler(r -> ("pong from " + node.name()).getBytes(UTF_8)));

        await("every node sees the three sites").atMost(ofSeconds(25))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "a", 2, "b", 2, "c", 2));

        Replies replies = a.get(1).request(c.get(1).address(), "ping".getBytes(UTF_8), ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        assertThat(replies.get(c.get(1).address()).outcome()).isEqualTo(Reply.Outcome.REPLIED);
        assertThat(replies.get(c.get(1).address()).response().payload()).asString(UTF_8).isEqualTo("pong from c1");

        a.get(0).sendToAll("hello".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        await("both members of c got the multicast from a once").atMost(ofSeconds(10))
                .untilAsserted(() -> assertThat(atC).containsExactlyInAnyOrder("c0 got hello", "c1 got hello"));
        Replies everyone = c.get(0).requestAll("ping".getBytes(UTF_8), ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertThat(everyone.byTarget()).hasSize(6);
        assertThat(everyone.allReplied()).isTrue();
        assertThat(all).as("the gateway speaks for the site behind it: nothing legitimate is rejected")
                .allSatisfy(node -> assertThat(node.metricsText().lines()
                        .filter(line -> line.startsWith("xsite_relay_envelopes_rejected_total{"))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum())
                        .as("envelopes rejected at %s", node.address()).isZero());
    }

    @Test
    void trafficContinuesThroughTheOtherRouterWhenOneDies() throws Exception {
        List<BridgeConfig> bridge = List.of(routers.bridge("bridge"));
        List<RelayNode> nyc = routers.sites().start("nyc", 2, 1, bridge, List.of());
        List<RelayNode> sfc = routers.sites().start("sfc", 2, 1, bridge, List.of());
        List<RelayNode> all = Stream.concat(nyc.stream(), sfc.stream()).toList();
        List<String> received = new CopyOnWriteArrayList<>();
        sfc.get(1).addMessageListener(m -> received.add(new String(m.payload(), UTF_8)));
        await("topology converges").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", 2, "sfc", 2));

        for (int n = 0; n < 300; n++) {
            if (n == 100) {
                routers.closeA();
            }
            nyc.get(1).send(sfc.get(1).address(), ("#" + n).getBytes(UTF_8));
        }
        List<String> expected = IntStream.range(0, 300).mapToObj(n -> "#" + n).toList();
        await("all 300 arrived once, in order, through the remaining router").atMost(ofSeconds(20))
                .untilAsserted(() -> assertThat(received).containsExactlyElementsOf(expected));
    }

    @Test
    void aSiteCutOffFromTheRoutersIsDownAndRequestsFailFastUntilItIsBack() throws Exception {
        List<BridgeConfig> bridge = List.of(routers.bridge("bridge"));
        List<RelayNode> nyc = routers.sites().start("nyc", 2, 1, bridge, List.of());
        List<RelayNode> sfc = routers.sites().start("sfc", 2, 1, bridge, List.of());
        List<RelayNode> all = Stream.concat(nyc.stream(), sfc.stream()).toList();
        List<String> events = new CopyOnWriteArrayList<>();
        nyc.get(1).addRelayListener(new RelayListener() {
            @Override
            public void onSiteUp(String site) {
                events.add("up " + site);
            }

            @Override
            public void onSiteDown(String site) {
                events.add("down " + site);
            }
        });
        sfc.forEach(node -> node.setRequestHandler(r -> "pong".getBytes(UTF_8)));
        await("topology converges").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", 2, "sfc", 2));
        events.clear();

        // Both routers go away: every bridge connection breaks, the sites lose each other.
        routers.closeA();
        routers.closeB();
        await("nyc reports sfc down").atMost(ofSeconds(20)).until(() -> events.contains("down sfc"));
        long started = System.nanoTime();
        Replies replies = nyc.get(1).request(sfc.get(0).address(), "ping".getBytes(UTF_8), ofSeconds(10))
                .get(2, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(replies.get(sfc.get(0).address()).outcome()).isEqualTo(Reply.Outcome.UNREACHABLE);
        assertThat(tookMillis).as("fails fast, not after the 10 s timeout").isLessThan(1000);
        Replies everyone = nyc.get(0).requestAll("ping".getBytes(UTF_8), ofSeconds(10)).get(2, TimeUnit.SECONDS);
        assertThat(everyone.byTarget().entrySet()).filteredOn(e -> "sfc".equals(e.getKey().site()))
                .extracting(e -> e.getValue().outcome()).containsOnly(Reply.Outcome.UNREACHABLE).hasSize(2);

        // The routers come back on the same ports: the bridge reforms, sfc is up, requests work again.
        routers.reopen();
        await("nyc reports sfc up again").atMost(ofSeconds(25)).until(() -> events.contains("up sfc"));
        await("requests reach sfc again").atMost(ofSeconds(10)).untilAsserted(() -> {
            Replies again = nyc.get(1).request(sfc.get(0).address(), "ping".getBytes(UTF_8), ofSeconds(2))
                    .get(5, TimeUnit.SECONDS);
            assertThat(again.allReplied()).isTrue();
        });
        System.out.println("site cut off: request failed after " + tookMillis + " ms; events " + events);
    }
}
