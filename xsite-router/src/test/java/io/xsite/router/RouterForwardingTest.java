package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufUtil;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.PingData;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MESSAGE forwarding, sender checks, HEARTBEAT echo and ignored router-only types. */
class RouterForwardingTest {
    private static final long SEED = 20240611L;

    private final UuidAddress a = UuidAddress.randomUuid();
    private final UuidAddress b = UuidAddress.randomUuid();
    private final UuidAddress c = UuidAddress.randomUuid();
    private GossipRouter router;
    private TestClient ca;
    private TestClient cb;
    private TestClient cc;

    @BeforeEach
    void startRouterWithThreeMembers() {
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1));
        ca = TestClient.connect(router.address()).register("c", a, "A");
        cb = TestClient.connect(router.address()).register("c", b, "B");
        cc = TestClient.connect(router.address()).register("c", c, "C");
        await("A, B and C are registered").atMost(ofSeconds(5)).untilAsserted(() -> {
            ca.send(GossipData.getMembers("c"));
            assertThat(ca.receive().pingData()).extracting(PingData::sender).containsExactlyInAnyOrder(a, b, c);
        });
    }

    @AfterEach
    void stopRouter() {
        ca.close();
        cb.close();
        cc.close();
        router.close();
    }

    @Test
    void unicastIsForwardedByteForByteToTheDestinationOnly() {
        byte[] frame = TestClient.framed(GossipData.message("c", b, a, payload(3000)));

        ca.sendRaw(frame);

        assertThat(cb.receiveFrame()).isEqualTo(frame);
        assertNextFrameIsHeartbeatEcho(cc);
    }

    @Test
    void multicastIsForwardedByteForByteToEveryOtherMember() {
        byte[] frame = TestClient.framed(GossipData.message("c", null, a, payload(70_000)));

        ca.sendRaw(frame);

        assertThat(cb.receiveFrame()).isEqualTo(frame);
        assertThat(cc.receiveFrame()).isEqualTo(frame);
        assertNextFrameIsHeartbeatEcho(ca);
    }

    @Test
    void messageWithForgedSenderIsDropped() {
        ca.send(GossipData.message("c", null, b, new byte[] {1}));

        await("the forged sender is counted").atMost(ofSeconds(5))
                .until(() -> router.droppedCount(DropReason.FORGED_SENDER) == 1);
        assertNextFrameIsHeartbeatEcho(cb);
        assertNextFrameIsHeartbeatEcho(cc);
    }

    @Test
    void messageFromAnUnregisteredSenderIsDropped() {
        try (TestClient stranger = TestClient.connect(router.address())) {
            stranger.send(GossipData.message("c", b, UuidAddress.randomUuid(), new byte[] {1}));
            stranger.send(GossipData.message("no-such-group", null, a, new byte[] {1}));

            await("both unregistered senders are counted").atMost(ofSeconds(5))
                    .until(() -> router.droppedCount(DropReason.UNREGISTERED) == 2);
            assertNextFrameIsHeartbeatEcho(cb);
        }
    }

    @Test
    void unicastToAnUnknownMemberIsDropped() {
        ca.send(GossipData.message("c", UuidAddress.randomUuid(), a, new byte[] {1}));

        await("the unknown destination is counted").atMost(ofSeconds(5))
                .until(() -> router.droppedCount(DropReason.UNKNOWN_DEST) == 1);
        assertNextFrameIsHeartbeatEcho(cb);
    }

    @Test
    void heartbeatIsEchoedByteExactEvenToUnregisteredConnections() {
        byte[] heartbeat = ByteBufUtil.decodeHexDump("0000000c050001010000000100000000");
        try (TestClient stranger = TestClient.connect(router.address())) {
            stranger.sendRaw(heartbeat);

            assertThat(stranger.receiveFrame()).isEqualTo(heartbeat);
        }
    }

    @Test
    void routerOnlyFramesFromClientsAreConsumedAndIgnored() {
        cb.send(GossipData.suspect("c", a));
        cb.send(GossipData.membersResponse("c", List.of(PingData.registered(a, "A", null)), false));
        cb.send(GossipData.membersResponse("c", List.of(), true));

        assertNextFrameIsHeartbeatEcho(cb);
        assertNextFrameIsHeartbeatEcho(ca);
        await("the three router-only frames are counted").atMost(ofSeconds(5))
                .until(() -> router.droppedCount(DropReason.ROUTER_ONLY_TYPE) == 3);
    }

    /** Nothing else is queued for {@code client}: a HEARTBEAT sent now is echoed as its next frame. */
    private static void assertNextFrameIsHeartbeatEcho(TestClient client) {
        client.send(GossipData.heartbeat());
        assertThat(client.receive()).isEqualTo(GossipData.heartbeat());
    }

    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new Random(SEED).nextBytes(bytes);
        return bytes;
    }
}
