package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.sealing.TestCertificates;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * nyc and sfc bridged through a real router, every byte to and from it recorded by a proxy on the way: with
 * sealing keys the payloads cross sealed (a marker in them never passes), without they cross in clear.
 */
class SealedSitesTest {
    private static final String MARKER = "PLAINTEXT-MARKER-5e2c";
    private static final TestCertificates CA = TestCertificates.newCa("xsite test CA");

    private GossipRouter router;
    private RecordingProxy proxy;
    private RelaySites sites;
    private final Map<RelayNode, List<String>> inbox = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        router = GossipRouter.start(RouterConfig.loopback());
        proxy = RecordingProxy.start(router.address());
        sites = new RelaySites();
    }

    @AfterEach
    void stop() {
        sites.close();
        proxy.close();
        router.close();
    }

    @Test
    void messagesAndRequestsFlowBothWaysAndTheRouterSeesNoPayload() throws Exception {
        List<RelayNode> nyc = sites.startSealed("nyc", 3, 1, bridge(), CA.site("nyc"));
        List<RelayNode> sfc = sites.startSealed("sfc", 2, 1, bridge(), CA.site("sfc"));
        List<RelayNode> all = listen(Stream.concat(nyc.stream(), sfc.stream()).toList());
        awaitTopology(all);

        exchange(nyc, sfc);

        assertThat(proxy.forwarded()).as("bytes through the router").isPositive();
        assertThat(proxy.saw(MARKER.getBytes(UTF_8))).as("the marker passed the router in clear").isFalse();
        assertThat(all).allSatisfy(node -> assertThat(sealingFailures(node, "")).as("failures at %s", node.address())
                .isZero());
    }

    /** Sent without waiting, a stream leaves in batches of sealed elements; it arrives whole, once and in order. */
    @Test
    void aSealedBurstArrivesOnceAndInOrder() throws Exception {
        List<RelayNode> nyc = sites.startSealed("nyc", 2, 1, bridge(), CA.site("nyc"));
        List<RelayNode> sfc = sites.startSealed("sfc", 2, 1, bridge(), CA.site("sfc"));
        awaitTopology(listen(Stream.concat(nyc.stream(), sfc.stream()).toList()));
        RelayNode receiver = sfc.get(1);

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            expected.add(MARKER + " " + n);
            sends.add(nyc.get(1).send(receiver.address(), expected.get(n).getBytes(UTF_8)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        await("the whole burst arrived once, in order").atMost(ofSeconds(30))
                .untilAsserted(() -> assertThat(inbox.get(receiver)).containsExactlyElementsOf(expected));
        assertThat(proxy.saw(MARKER.getBytes(UTF_8))).isFalse();
    }

    /** The same exchange without sealing keys: the marker crosses the router, so the proxy does see payloads. */
    @Test
    void withoutSealingKeysTheRouterSeesThePayloads() throws Exception {
        List<RelayNode> nyc = sites.start("nyc", 3, 1, bridge(), List.of());
        List<RelayNode> sfc = sites.start("sfc", 2, 1, bridge(), List.of());
        awaitTopology(listen(Stream.concat(nyc.stream(), sfc.stream()).toList()));

        exchange(nyc, sfc);

        assertThat(proxy.saw(MARKER.getBytes(UTF_8))).isTrue();
    }

    @Test
    void aSealedSiteRefusesPayloadsInClearAndSendsNothingToASiteThatCannotOpen() throws Exception {
        List<RelayNode> nyc = sites.startSealed("nyc", 2, 1, bridge(), CA.site("nyc"));
        List<RelayNode> sfc = sites.start("sfc", 2, 1, bridge(), List.of());
        awaitTopology(listen(Stream.concat(nyc.stream(), sfc.stream()).toList()));

        sfc.get(1).send(nyc.get(1).address(), (MARKER + " in clear").getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        nyc.get(1).send(sfc.get(1).address(), (MARKER + " to sfc").getBytes(UTF_8)).get(5, TimeUnit.SECONDS);

        await("nyc refused the payload in clear").atMost(ofSeconds(10))
                .untilAsserted(() -> assertThat(sealingFailures(nyc.get(1), "unsealed")).isPositive());
        assertThat(inbox.get(nyc.get(1))).isEmpty();
        assertThat(inbox.get(sfc.get(1))).as("nyc waits for a certificate sfc never sends").isEmpty();
    }

    /** As unsealed, a request to a site that is not up is unreachable at once, not left to time out. */
    @Test
    void aRequestToASiteThatIsNotUpIsUnreachableAtOnce() throws Exception {
        List<RelayNode> nyc = sites.startSealed("nyc", 2, 1, bridge(), CA.site("nyc"));
        await("nyc is up").atMost(ofSeconds(20)).until(() -> nyc.get(1).topology().containsKey("nyc"));
        UuidAddress stranger = UuidAddress.siteUuid(UUID.randomUUID(), "lon1", "lon", 0);

        Replies replies = nyc.get(1).request(stranger, MARKER.getBytes(UTF_8), ofSeconds(10)).get(2, TimeUnit.SECONDS);

        assertThat(replies.get(stranger).outcome()).isEqualTo(Reply.Outcome.UNREACHABLE);
    }

    /** A multicast from nyc, a unicast from sfc, a request each way (its reply carries the marker too). */
    private void exchange(List<RelayNode> nyc, List<RelayNode> sfc) throws Exception {
        nyc.get(1).sendToAll((MARKER + " to all").getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        sfc.get(1).send(nyc.get(2).address(), (MARKER + " direct").getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        Replies fromSfc = nyc.get(2).request(sfc.get(1).address(), MARKER.getBytes(UTF_8), ofSeconds(10))
                .get(15, TimeUnit.SECONDS);
        Replies fromNyc = sfc.get(0).request(nyc.get(0).address(), MARKER.getBytes(UTF_8), ofSeconds(10))
                .get(15, TimeUnit.SECONDS);

        assertThat(fromSfc.get(sfc.get(1).address()).response().payload()).asString(UTF_8)
                .isEqualTo(MARKER + " reply from " + sfc.get(1).address());
        assertThat(fromNyc.get(nyc.get(0).address()).response().payload()).asString(UTF_8)
                .isEqualTo(MARKER + " reply from " + nyc.get(0).address());
        await("the multicast reached everyone, the unicast its member").atMost(ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.values()).allSatisfy(received -> assertThat(received).contains(MARKER + " to all"));
            assertThat(inbox.get(nyc.get(2))).contains(MARKER + " direct");
        });
    }

    private List<RelayNode> listen(List<RelayNode> nodes) {
        for (RelayNode node : nodes) {
            List<String> received = new CopyOnWriteArrayList<>();
            inbox.put(node, received);
            node.addMessageListener(m -> received.add(new String(m.payload(), UTF_8)));
            node.setRequestHandler(request -> (MARKER + " reply from " + node.address()).getBytes(UTF_8));
        }
        return nodes;
    }

    private List<BridgeConfig> bridge() {
        return List.of(new BridgeConfig("bridge", List.of(proxy.address())));
    }

    private static void awaitTopology(List<RelayNode> all) {
        int nyc = (int) all.stream().filter(n -> n.site().equals("nyc")).count();
        await("topology converges at every node").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", nyc, "sfc", all.size() - nyc));
    }

    /** The node's sealing failures with {@code reason} (all reasons for ""). */
    private static double sealingFailures(RelayNode node, String reason) {
        return node.metricsText().lines()
                .filter(line -> line.startsWith("xsite_relay_sealing_failures_total{")
                        && line.contains("reason=\"" + reason))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
