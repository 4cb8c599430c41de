package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import io.xsite.relay.bridge.BridgeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nyc (5 members) and sfc (3) bridged through two real routers: multicast, requests, unicasts, topology. */
class TwoSitesTest {
    @RegisterExtension
    final TwoRouters routers = new TwoRouters();


    @ParameterizedTest(name = "{0} site master(s) per site")
    @ValueSource(ints = {1, 2})
    void everyoneGetsEveryMessageOnceAndEveryReplyComesBack(int siteMasters) throws Exception {
        List<RelayNode> nyc = routers.sites().start("nyc", 5, siteMasters, bridge(), List.of());
        List<RelayNode> sfc = routers.sites().start("sfc", 3, siteMasters, bridge(), List.of());
        List<RelayNode> all = Stream.concat(nyc.stream(), sfc.stream()).toList();
        Map<RelayNode, List<String>> inbox = new ConcurrentHashMap<>();
        for (RelayNode node : all) {
            List<String> received = new CopyOnWriteArrayList<>();
            inbox.put(node, received);
            node.addMessageListener(m -> received.add(new String(m.payload(), UTF_8) + " from " + m.sender()));
            node.setRequestHandler(request -> ("pong from " + node.address()).getBytes(UTF_8));
        }

        awaitTopology(all, siteMasters);

        RelayNode sender = nyc.get(2);
        for (int n = 0; n < 20; n++) {
            sender.sendToAll(("line " + n).getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        }
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            expected.add("line " + n + " from " + sender.address());
        }
        await("every member of both sites got the 20 lines once, in order").atMost(ofSeconds(20))
                .untilAsserted(() -> all.forEach(node -> assertThat(inbox.get(node)).as("inbox of %s", node.address())
                        .containsExactlyElementsOf(expected)));

        Replies replies = nyc.get(3).requestAll("ping".getBytes(UTF_8), ofSeconds(10)).get(15, TimeUnit.SECONDS);
        assertThat(replies.byTarget()).hasSize(8);
        assertThat(replies.byTarget().values()).extracting(Reply::outcome).containsOnly(Reply.Outcome.REPLIED);
        assertThat(replies.responses()).extracting(m -> new String(m.payload(), UTF_8))
                .containsExactlyInAnyOrderElementsOf(all.stream().map(n -> "pong from " + n.address()).toList());

        nyc.get(1).send(sfc.get(2).address(), "direct".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        nyc.get(4).send(UuidAddress.siteMaster("sfc"), "to the master".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        List<RelayNode> sfcMasters = sfc.stream()
                .filter(n -> n.topology().get("sfc").siteMasters().contains(n.address())).toList();
        await("the unicasts arrived, the one to SiteMaster(sfc) at exactly one of its site masters")
                .atMost(ofSeconds(10)).untilAsserted(() -> {
                    assertThat(inbox.get(sfc.get(2))).contains("direct from " + nyc.get(1).address());
                    assertThat(sfcMasters).filteredOn(n -> inbox.get(n).contains("to the master from "
                            + nyc.get(4).address())).hasSize(1);
                });
        Replies single = sfc.get(0).request(nyc.get(4).address(), "ping".getBytes(UTF_8), ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        assertThat(single.get(nyc.get(4).address()).response().payload())
                .asString(UTF_8).isEqualTo("pong from " + nyc.get(4).address());
    }

    /** Sent without waiting, a stream leaves in batches; it arrives whole, once and in order, and is counted. */
    @Test
    void aBurstArrivesOnceAndInOrderAndTheSiteMasterCountsItsMessages() throws Exception {
        List<RelayNode> nyc = routers.sites().start("nyc", 5, 1, bridge(), List.of());
        List<RelayNode> sfc = routers.sites().start("sfc", 3, 1, bridge(), List.of());
        awaitTopology(Stream.concat(nyc.stream(), sfc.stream()).toList(), 1);
        RelayNode receiver = sfc.get(2);
        List<String> received = new CopyOnWriteArrayList<>();
        receiver.addMessageListener(m -> received.add(new String(m.payload(), UTF_8)));

        int count = 2000;
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            expected.add("burst " + n);
            sends.add(nyc.get(3).send(receiver.address(), expected.get(n).getBytes(UTF_8)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        await("the whole burst arrived once, in order").atMost(ofSeconds(20))
                .untilAsserted(() -> assertThat(received).containsExactlyElementsOf(expected));
        RelayNode nycMaster = nyc.stream().filter(n -> n.topology().get("nyc").siteMasters().contains(n.address()))
                .findFirst().orElseThrow();
        assertThat(relayedMessages(nycMaster, "sfc")).as("messages, not envelopes").isGreaterThanOrEqualTo(count);
    }

    private List<BridgeConfig> bridge() {
        return List.of(routers.bridge("bridge"));
    }

    private static void awaitTopology(List<RelayNode> all, int siteMasters) {
        await("topology converges at every node").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, siteMasters, "nyc", 5, "sfc", 3));
    }

    private static double relayedMessages(RelayNode node, String site) {
        return node.metricsText().lines()
                .filter(line -> line.startsWith("xsite_relay_relayed_messages_total{")
                        && line.contains("to_site=\"" + site + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
