package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufUtil;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.PingData;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage on one connection closes only that connection: the router stays up and registered members
 * keep exchanging messages.
 */
class RouterBadInputTest {
    private static final int MAX_FRAME_BYTES = 64 << 10;
    private static final long SEED = 7L;

    private final UuidAddress a = UuidAddress.randomUuid();
    private final UuidAddress b = UuidAddress.randomUuid();
    private GossipRouter router;
    private TestClient ca;
    private TestClient cb;

    @BeforeEach
    void startRouterWithTwoMembers() {
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1).withMaxFrameBytes(MAX_FRAME_BYTES));
        ca = TestClient.connect(router.address()).register("c", a, "A");
        cb = TestClient.connect(router.address()).register("c", b, "B");
        await("A and B are registered").atMost(ofSeconds(5)).untilAsserted(() -> {
            ca.send(GossipData.getMembers("c"));
            assertThat(ca.receive().pingData()).extracting(PingData::sender).containsExactlyInAnyOrder(a, b);
        });
    }

    @AfterEach
    void stopRouter() {
        ca.close();
        cb.close();
        router.close();
    }

    @Test
    void randomBytesCloseTheConnection() {
        byte[] garbage = new byte[4096];
        new Random(SEED).nextBytes(garbage);
        // A plausible length, so the garbage is parsed rather than refused as too long.
        garbage[0] = 0;
        garbage[1] = 0;
        garbage[2] = 0x0f;
        garbage[3] = (byte) 0xfc;
        garbage[4] = (byte) 0x99;

        assertOffenderClosedAndOthersUnaffected(garbage, DropReason.MALFORMED);
    }

    @Test
    void outOfRangeTypeClosesTheConnection() {
        assertOffenderClosedAndOthersUnaffected(ByteBufUtil.decodeHexDump("0000000c080001010000000100000000"),
                DropReason.MALFORMED);
    }

    @Test
    void frameLongerThanTheLimitClosesTheConnectionWithoutBeingRead() {
        // Only the length is sent: the router must refuse it before waiting for (or allocating) the body.
        assertOffenderClosedAndOthersUnaffected(ByteBufUtil.decodeHexDump("7ffffff0"), DropReason.TOO_LONG);
    }

    @Test
    void negativeLengthClosesTheConnection() {
        assertOffenderClosedAndOthersUnaffected(ByteBufUtil.decodeHexDump("ffffffff04"), DropReason.MALFORMED);
    }

    @Test
    void messageWhosePayloadLengthDisagreesWithTheFrameClosesTheConnection() {
        byte[] frame = TestClient.framed(GossipData.message("c", b, a, new byte[] {1, 2, 3}));
        frame[frame.length - 4] = 9;   // payload length byte: claims 9 bytes... of which 3 follow

        assertOffenderClosedAndOthersUnaffected(frame, DropReason.MALFORMED);
    }

    private void assertOffenderClosedAndOthersUnaffected(byte[] badInput, DropReason reason) {
        try (TestClient offender = TestClient.connect(router.address())) {
            offender.sendRaw(badInput);

            assertThat(offender.closedByRouter()).as("offender closed").isTrue();
        }
        await("the bad input is counted as " + reason.tag()).atMost(ofSeconds(5))
                .until(() -> router.droppedCount(reason) == 1);
        byte[] message = TestClient.framed(GossipData.message("c", b, a, new byte[] {4, 5, 6}));
        ca.sendRaw(message);
        assertThat(cb.receiveFrame()).isEqualTo(message);
    }
}
