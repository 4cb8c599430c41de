package io.xsite.relay.internal.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.internal.routing.EncodedBody;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.ReliabilityConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OriginStreamsTest {
    private static final ReliabilityConfig CONFIG = ReliabilityConfig.fast();
    private static final UuidAddress SELF = UuidAddress.siteUuid(new UUID(1, 1), "a", "nyc", 0);
    private static final UuidAddress BOB_ADDRESS = UuidAddress.siteUuid(new UUID(2, 2), "b", "sfc", 0);
    private static final Destination BOB = new Destination.Member(BOB_ADDRESS);
    private static final Destination SFC = new Destination.Site("sfc");

    private final ManualClock clock = new ManualClock();
    private final RecordingOrigin out = new RecordingOrigin();
    private final OriginStreams origin = new OriginStreams(CONFIG, SELF, out, clock, new Random(7));

    @Test
    void sendsNumberedElementsFromOneOnAStreamPerDestination() {
        origin.send(BOB, body(1));
        origin.send(BOB, body(2));
        origin.send(SFC, body(3));

        List<Sequenced> sent = out.take();
        assertThat(sent).extracting(Sequenced::destination).containsExactly(BOB, BOB, SFC);
        assertThat(sent).extracting(Sequenced::seq).containsExactly(1L, 2L, 1L);
        assertThat(sent).extracting(Sequenced::origin).containsOnly(SELF);
        assertThat(sent.get(0).epoch()).isEqualTo(sent.get(1).epoch()).isNotEqualTo(sent.get(2).epoch());
        assertThat(sent.get(1).lowestUnacked()).isEqualTo(1);
    }

    @Test
    void resendsAfterTheTimeoutWithBackoffUntilAcknowledged() {
        origin.send(BOB, body(1));
        Sequenced first = out.take().get(0);

        clock.advance(CONFIG.resendInitial().minusNanos(1));
        origin.onTick();
        assertThat(out.take()).as("nothing is due before the timeout").isEmpty();

        clock.advance(Duration.ofNanos(1));
        origin.onTick();
        assertThat(out.take()).extracting(Sequenced::seq).containsExactly(1L);

        clock.advance(CONFIG.resendInitial());
        origin.onTick();
        assertThat(out.take()).as("the timeout doubled after a resend without progress").isEmpty();
        clock.advance(CONFIG.resendInitial());
        origin.onTick();
        assertThat(out.take()).extracting(Sequenced::seq).containsExactly(1L);
        assertThat(origin.resent()).isEqualTo(2);

        origin.onAck(BOB_ADDRESS, BOB, first.epoch(), 1);
        clock.advance(CONFIG.resendMax());
        origin.onTick();
        assertThat(out.take()).as("an acknowledged element is never resent").isEmpty();
        assertThat(origin.pending(BOB)).isZero();
    }

    @Test
    void elementsSentAtDifferentTimesAreEachResentWhenTheirOwnTimeoutIsDue() {
        Duration timeout = CONFIG.resendInitial();
        origin.send(BOB, body(1));
        clock.advance(timeout.dividedBy(2));
        origin.send(BOB, body(2));
        out.take();

        clock.advance(timeout.dividedBy(2));
        origin.onTick();
        assertThat(out.take()).as("at T only the first is due").extracting(Sequenced::seq).containsExactly(1L);

        // The timeout doubled: the second (sent at T/2) is due at 2.5 T, the first (resent at T) at 3 T.
        clock.advance(timeout.multipliedBy(3).dividedBy(2).minusNanos(1));
        origin.onTick();
        assertThat(out.take()).as("just before 2.5 T").isEmpty();
        clock.advance(Duration.ofNanos(1));
        origin.onTick();
        assertThat(out.take()).as("at 2.5 T").extracting(Sequenced::seq).containsExactly(2L);
    }

    @Test
    void progressResetsTheBackoff() {
        origin.send(BOB, body(1));
        origin.send(BOB, body(2));
        long epoch = out.take().get(0).epoch();
        clock.advance(CONFIG.resendInitial());
        origin.onTick();
        clock.advance(CONFIG.resendInitial().multipliedBy(2));
        origin.onTick();
        out.take();

        origin.onAck(BOB_ADDRESS, BOB, epoch, 1);
        clock.advance(CONFIG.resendInitial());
        origin.onTick();

        List<Sequenced> resent = out.take();
        assertThat(resent).extracting(Sequenced::seq).containsExactly(2L);
        assertThat(resent.get(0).lowestUnacked()).as("the resend tells what the origin still holds").isEqualTo(2);
    }

    @Test
    void pathChangeResendsEverythingUnacknowledgedAtOnce() {
        for (int i = 1; i <= 4; i++) {
            origin.send(BOB, body(i));
        }
        origin.send(SFC, body(9));
        long epoch = out.take().get(0).epoch();
        origin.onAck(BOB_ADDRESS, BOB, epoch, 2);

        origin.onPathChanged();

        assertThat(out.take()).extracting(s -> s.destination() + "#" + s.seq())
                .containsExactlyInAnyOrder(BOB + "#3", BOB + "#4", SFC + "#1");
    }

    @Test
    void fullBufferRefusesAndAnnouncesRoomOnceAcknowledged() {
        for (int i = 1; i <= CONFIG.bufferMessages(); i++) {
            assertThat(origin.send(BOB, body(i))).isTrue();
        }
        long epoch = out.take().get(0).epoch();

        assertThat(origin.send(BOB, body(99))).isFalse();
        assertThat(origin.send(SFC, body(1))).as("another destination has its own buffer").isTrue();
        assertThat(out.windowsOpened).isEmpty();

        origin.onAck(BOB_ADDRESS, BOB, epoch, 0);
        assertThat(out.windowsOpened).as("no progress, no room").isEmpty();
        origin.onAck(BOB_ADDRESS, BOB, epoch, 1);
        assertThat(out.windowsOpened).containsExactly(BOB);
        assertThat(origin.send(BOB, body(99))).isTrue();
    }

    @Test
    void byteBoundRefusesToo() {
        Body half = new EncodedBody(new byte[CONFIG.bufferBytes() / 2]);
        assertThat(origin.send(BOB, half)).isTrue();
        assertThat(origin.send(BOB, half)).isTrue();
        assertThat(origin.send(BOB, new EncodedBody(new byte[1]))).isFalse();
        assertThatThrownBy(() -> origin.send(BOB, new EncodedBody(new byte[CONFIG.bufferBytes() + 1])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acknowledgementsOfAnotherEpochOrBeyondWhatWasSentAreIgnored() {
        origin.send(BOB, body(1));
        long epoch = out.take().get(0).epoch();

        origin.onAck(BOB_ADDRESS, BOB, epoch + 1, 1);
        origin.onAck(BOB_ADDRESS, BOB, epoch, 2);

        assertThat(origin.pending(BOB)).isEqualTo(1);
    }

    @Test
    void unreachableFailsWhatIsPendingAndTheNextSendOpensANewEpoch() {
        origin.send(BOB, body(1));
        origin.send(BOB, body(2));
        long epoch = out.take().get(0).epoch();
        origin.onAck(BOB_ADDRESS, BOB, epoch, 1);

        assertThat(origin.onUnreachable(BOB)).containsExactly(body(2));

        assertThat(origin.pending(BOB)).isZero();
        origin.send(BOB, body(3));
        Sequenced fresh = out.take().get(0);
        assertThat(fresh.seq()).isEqualTo(1);
        assertThat(OriginEpochs.olderSibling(epoch, fresh.epoch()))
                .as("receivers can tell the old stream's late frames from the new one").isTrue();
    }

    @Test
    void unreachableAnnouncesRoomToARefusedSender() {
        for (int i = 0; i <= CONFIG.bufferMessages(); i++) {
            origin.send(BOB, body(i));
        }

        List<Body> given = origin.onUnreachable(BOB);

        assertThat(out.windowsOpened).containsExactly(BOB);
        assertThat(given).hasSize(CONFIG.bufferMessages());
    }

    @Test
    void aRefusalOfTheCurrentEpochGivesTheStreamUpAndOneOfAnOlderEpochIsIgnored() {
        origin.send(BOB, body(1));
        origin.send(BOB, body(2));
        long epoch = out.take().get(0).epoch();
        origin.onAck(BOB_ADDRESS, BOB, epoch, 1);

        assertThat(origin.onForgotten(BOB, epoch)).containsExactly(body(2));
        origin.send(BOB, body(3));
        Sequenced fresh = out.take().get(0);
        assertThat(fresh.epoch()).isNotEqualTo(epoch);
        assertThat(fresh.seq()).isEqualTo(1);
        assertThat(origin.onForgotten(BOB, epoch)).as("a late refusal of the old epoch").isEmpty();
        assertThat(origin.pending(BOB)).isEqualTo(1);
    }

    static Body body(int n) {
        return new EncodedBody(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }
}
