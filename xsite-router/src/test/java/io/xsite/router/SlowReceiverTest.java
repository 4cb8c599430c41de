package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import io.xsite.wire.gossip.PingData;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One client that never reads must neither grow the router's memory nor stall anyone else: frames to
 * it are dropped once its buffer passes the high water mark, and it is disconnected after the timeout.
 */
class SlowReceiverTest {
    private static final int LOW_WATER_MARK = 64 << 10;
    private static final int HIGH_WATER_MARK = 256 << 10;
    private static final int PAYLOAD_BYTES = 16 << 10;
    private static final int BATCHES = 60;
    /** Small enough that one batch never fills the normal receiver's buffer up to the high water mark. */
    private static final int BATCH_SIZE = 8;
    /** What may be queued beyond the high water mark: the frame that crossed it, for each receiver. */
    private static final int MARGIN_BYTES = 4 * (PAYLOAD_BYTES + 1024);

    @Test
    void slowReceiverIsCutOffWhileOthersKeepReceivingAndMemoryStaysBounded() throws Exception {
        RouterConfig config = RouterConfig.loopback().withWriteBufferWaterMarks(LOW_WATER_MARK, HIGH_WATER_MARK)
                .withSlowReceiverTimeout(Duration.ofSeconds(1));
        UuidAddress flooderAddress = UuidAddress.randomUuid();
        UuidAddress slowAddress = UuidAddress.randomUuid();
        UuidAddress normalAddress = UuidAddress.randomUuid();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (GossipRouter router = GossipRouter.start(config);
             TestClient flooder = TestClient.connect(router.address()).register("g", flooderAddress, "F");
             TestClient slow = TestClient.connect(router.address(), 4096).register("g", slowAddress, "S");
             TestClient normal = TestClient.connect(router.address()).register("g", normalAddress, "N")) {
            AdminClient admin = new AdminClient(router.adminAddress().orElseThrow());
            // Until the first registration the gauge has no sample for g, and reading it fails: asserted, not tested.
            await("F, S and N are registered").atMost(ofSeconds(5)).untilAsserted(() -> assertThat(admin.metric(
                    "xsite_router_registrations", "group=\"g\"")).isEqualTo(3));
            AtomicInteger multicastsReceived = new AtomicInteger();
            Queue<GossipData> controlReceived = new ConcurrentLinkedQueue<>();
            reader.submit(() -> readUntilClosed(normal, multicastsReceived, controlReceived));

            // given a receiver that never reads, when another member floods the group
            byte[] multicast = TestClient.framed(GossipData.message("g", null, flooderAddress,
                    new byte[PAYLOAD_BYTES]));
            double maxPending = 0;
            for (int batch = 1; batch <= BATCHES; batch++) {
                for (int i = 0; i < BATCH_SIZE; i++) {
                    flooder.sendRaw(multicast);
                }
                int expected = batch * BATCH_SIZE;
                await("N received " + expected + " multicasts").atMost(ofSeconds(10))
                        .until(() -> multicastsReceived.get() == expected);
                maxPending = Math.max(maxPending, admin.metric("xsite_router_outbound_pending_bytes", ""));
            }

            // then the router dropped frames for it and never queued much more than the high water mark
            assertThat(admin.metric("xsite_router_frames_dropped_total", "reason=\"slow_receiver\""))
                    .isPositive();
            assertThat(maxPending).isGreaterThan(0).isLessThanOrEqualTo(HIGH_WATER_MARK + MARGIN_BYTES);
            // and disconnects it after the timeout, suspecting it to the others
            await("N is told S is suspected").atMost(ofSeconds(10))
                    .until(() -> controlReceived.contains(GossipData.suspect("g", slowAddress)));
            assertThat(slow.closedByRouter()).isTrue();
            // while the normal member received every multicast and still talks through the router
            assertThat(multicastsReceived.get()).isEqualTo(BATCHES * BATCH_SIZE);
            assertThat(admin.metric("xsite_router_registrations", "group=\"g\"")).isEqualTo(2);
            normal.send(GossipData.getMembers("g"));
            await("N gets the members of g").atMost(ofSeconds(5)).until(() -> controlReceived.stream()
                    .anyMatch(d -> d.type() == GossipType.GET_MBRS_RSP_LAST));
            assertThat(controlReceived).filteredOn(d -> d.type() == GossipType.GET_MBRS_RSP_LAST).singleElement()
                    .extracting(GossipData::pingData).asList().extracting(p -> ((PingData) p).sender())
                    .containsExactlyInAnyOrder(flooderAddress, normalAddress);
        } finally {
            reader.shutdownNow();
        }
    }

    private static void readUntilClosed(TestClient client, AtomicInteger multicasts, Queue<GossipData> control) {
        try {
            while (true) {
                GossipData data = client.receive();
                if (data.type() == GossipType.MESSAGE) {
                    multicasts.incrementAndGet();
                } else {
                    control.add(data);
                }
            }
        } catch (UncheckedIOException closedOrIdle) {
            // the socket was closed at the end of the test, or stayed silent past the read timeout
        }
    }
}
