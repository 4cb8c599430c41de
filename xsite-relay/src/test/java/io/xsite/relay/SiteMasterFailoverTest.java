package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.relay.bridge.BridgeConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** nyc's site master crashes while numbered streams flow to sfc: nothing lost, nothing twice, order kept. */
class SiteMasterFailoverTest {
    private static final int COUNT = 600;

    @RegisterExtension
    final TwoRouters routers = new TwoRouters();

    private ScheduledExecutorService pacer;

    @BeforeEach
    void start() {
        pacer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        pacer.shutdownNow();
    }

    @Test
    void crashingTheSiteMasterLosesNothing() {
        List<BridgeConfig> bridge = List.of(routers.bridge("bridge"));
        List<RelayNode> nyc = routers.sites().start("nyc", 3, 1, bridge, List.of());
        List<RelayNode> sfc = routers.sites().start("sfc", 2, 1, bridge, List.of());
        List<RelayNode> all = Stream.concat(nyc.stream(), sfc.stream()).toList();
        await("topology converges").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", 3, "sfc", 2));
        RelayNode master = nyc.stream().filter(n -> n.address().equals(n.topology().get("nyc").siteMasters().get(0)))
                .findFirst().orElseThrow();
        RelayNode sender = nyc.stream().filter(n -> n != master).findFirst().orElseThrow();
        RelayNode receiver = sfc.get(1);
        List<String> unicasts = new CopyOnWriteArrayList<>();
        List<String> multicasts = new CopyOnWriteArrayList<>();
        AtomicLong lastArrival = new AtomicLong();
        receiver.addMessageListener(m -> {
            String text = new String(m.payload(), UTF_8);
            (text.startsWith("u") ? unicasts : multicasts).add(text);
            lastArrival.set(System.nanoTime());
        });

        // One unicast and one site multicast every 2 ms, from a member that is not site master.
        AtomicInteger next = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> {
            int n = next.getAndIncrement();
            if (n < COUNT) {
                sender.send(receiver.address(), ("u" + n).getBytes(UTF_8));
                sender.sendToSite("sfc", ("m" + n).getBytes(UTF_8));
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        await("a third of the stream arrived").atMost(ofSeconds(20)).until(() -> unicasts.size() >= COUNT / 3);

        long crashed = System.nanoTime();
        int before = unicasts.size();
        routers.sites().forget(master);
        master.simulateCrash();
        await("traffic flows again after the crash").atMost(ofSeconds(20)).until(() -> unicasts.size() > before + 10);
        long recoveredMillis = (lastArrival.get() - crashed) / 1_000_000;

        List<String> expectedUnicasts = IntStream.range(0, COUNT).mapToObj(n -> "u" + n).toList();
        List<String> expectedMulticasts = IntStream.range(0, COUNT).mapToObj(n -> "m" + n).toList();
        await("every message arrived once, in order").atMost(ofSeconds(30)).untilAsserted(() -> {
            assertThat(unicasts).containsExactlyElementsOf(expectedUnicasts);
            assertThat(multicasts).containsExactlyElementsOf(expectedMulticasts);
        });
        System.out.printf("site-master failover: traffic flowing again %d ms after the crash (upper bound), "
                + "%d unicasts and %d multicasts, none lost or repeated%n", recoveredMillis, unicasts.size(),
                multicasts.size());
    }
}
