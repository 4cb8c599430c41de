package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cross-site stream far longer than the origin's unacknowledged buffer keeps flowing to its end. */
class LongStreamTest {
    private static final int COUNT = 5_000;

    private GossipRouter router;
    private RelaySites sites;

    @BeforeEach
    void start() {
        router = GossipRouter.start(RouterConfig.loopback());
        sites = new RelaySites();
    }

    @AfterEach
    void stop() {
        sites.close();
        router.close();
    }

    @Test
    void aStreamLongerThanTheBufferArrivesWhole() {
        List<BridgeConfig> bridge = List.of(new BridgeConfig("bridge", List.of(router.address())));
        List<RelayNode> nyc = sites.start("nyc", 2, 1, bridge, List.of());
        List<RelayNode> sfc = sites.start("sfc", 2, 1, bridge, List.of());
        List<RelayNode> all = Stream.concat(nyc.stream(), sfc.stream()).toList();
        await("topology converges").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", 2, "sfc", 2));
        RelayNode receiver = sfc.get(1);
        List<Integer> unicasts = new CopyOnWriteArrayList<>();
        List<Integer> multicasts = new CopyOnWriteArrayList<>();
        receiver.addMessageListener(m -> {
            String text = new String(m.payload(), UTF_8);
            (text.startsWith("u") ? unicasts : multicasts).add(Integer.parseInt(text.substring(1)));
        });

        for (int n = 0; n < COUNT; n++) {
            nyc.get(1).send(receiver.address(), ("u" + n).getBytes(UTF_8));
            nyc.get(1).sendToSite("sfc", ("m" + n).getBytes(UTF_8));
        }

        List<Integer> expected = IntStream.range(0, COUNT).boxed().toList();
        await("all " + COUNT + " unicasts and site multicasts arrive").atMost(ofSeconds(60)).untilAsserted(() -> {
            assertThat(unicasts).hasSize(COUNT);
            assertThat(multicasts).hasSize(COUNT);
        });
        assertThat(unicasts).isEqualTo(expected);
        assertThat(multicasts).isEqualTo(expected);
    }
}
