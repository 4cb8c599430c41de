package io.xsite.relay;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.relay.reliability.Loss;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * Real sites on loopback sockets, bridged through two routers: a member of nyc streams messages to a member of
 * sfc faster than they are acknowledged, and both routers die under it, so sfc goes down with thousands of
 * messages on the way, unacknowledged or waiting. Each message is then delivered once and in order, reported
 * to the sender as undelivered, or its send failed.
 */
class SiteDownWithQueueTest {
    private static final int PAYLOAD_BYTES = 1024;

    @RegisterExtension
    final TwoRouters routers = new TwoRouters();


    @Test
    // The sending loop waits on deliveries: a stall must fail the test, not hang it (on its own thread, so that
    // the failure does not wait for the loop).
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyMessageToASiteThatGoesDownIsDeliveredOnceReportedOrRefused() {
        List<BridgeConfig> bridge = List.of(routers.bridge("bridge"));
        List<RelayNode> nyc = routers.sites().start("nyc", 2, 1, bridge, List.of());
        List<RelayNode> sfc = routers.sites().start("sfc", 2, 1, bridge, List.of());
        List<RelayNode> all = Stream.concat(nyc.stream(), sfc.stream()).toList();
        RelayNode sender = nyc.get(1);
        RelayNode receiver = sfc.get(1);
        List<Long> delivered = new CopyOnWriteArrayList<>();
        receiver.addMessageListener(m -> delivered.add(ByteBuffer.wrap(m.payload()).getLong()));
        Set<Long> reported = ConcurrentHashMap.newKeySet();
        List<UndeliveredMessages> reports = new CopyOnWriteArrayList<>();
        Set<Long> refused = ConcurrentHashMap.newKeySet();
        AtomicBoolean down = new AtomicBoolean();
        sender.addRelayListener(new RelayListener() {
            @Override
            public void onUndelivered(UndeliveredMessages undelivered) {
                reports.add(undelivered);
                undelivered.payloads().forEach(payload -> reported.add(ByteBuffer.wrap(payload).getLong()));
            }

            @Override
            public void onSiteDown(String site) {
                down.set(true);
            }
        });
        await("topology converges").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, "nyc", 2, "sfc", 2));

        long sent = 0;
        boolean cut = false;
        while (!down.get() || sent % 1000 != 0) {
            if (!cut && delivered.size() >= 5_000) {
                // Both routers go away with thousands of messages unacknowledged or waiting: sfc goes down.
                routers.closeA();
                routers.closeB();
                cut = true;
            }
            if (cut || sent - delivered.size() > 20_000) {
                LockSupport.parkNanos(200_000); // a steady stream, not a flood
            }
            if (cut || sent - delivered.size() <= 20_000) {
                long number = ++sent;
                sender.send(receiver.address(), payload(number)).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        refused.add(number);
                    }
                });
            }
        }

        long total = sent;
        await("every message is delivered, reported or refused").atMost(ofSeconds(20)).untilAsserted(() -> {
            Set<Long> accounted = ConcurrentHashMap.newKeySet();
            accounted.addAll(delivered);
            accounted.addAll(reported);
            accounted.addAll(refused);
            assertThat(accounted).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        });
        assertThat(delivered).as("once and in order").isSorted().doesNotHaveDuplicates();
        assertThat(reports).isNotEmpty().allSatisfy(report -> assertThat(report.reason()).isEqualTo(Loss.SITE_DOWN));
        assertThat(reported).as("a message is reported or refused, not both").doesNotContainAnyElementsOf(refused);
        long both = delivered.stream().filter(reported::contains).count();
        System.out.printf("site down with a queue: %d sent, %d delivered, %d reported undelivered (%d of them had"
                        + " arrived, unacknowledged), %d refused at send%n", total, delivered.size(), reported.size(),
                both, refused.size());
        assertThat(sender.metricsText().lines()
                .filter(line -> line.startsWith("xsite_relay_undelivered_reported_total{")
                        && line.contains("reason=\"site_down\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum())
                .as("the metric counts what was reported").isEqualTo(reported.size());
    }

    private static byte[] payload(long number) {
        return ByteBuffer.allocate(PAYLOAD_BYTES).putLong(number).array();
    }
}
