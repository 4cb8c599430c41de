package io.xsite.relay.internal.reliability;

import static io.xsite.relay.internal.reliability.OriginStreamsTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.ReliabilityConfig;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DestinationStreamsTest {
    private static final ReliabilityConfig CONFIG = ReliabilityConfig.fast();
    private static final UuidAddress ALICE = UuidAddress.siteUuid(new UUID(1, 1), "a", "nyc", 0);
    private static final UuidAddress CAROL = UuidAddress.siteUuid(new UUID(3, 3), "c", "nyc", 0);
    private static final Destination BOB = new Destination.Member(UuidAddress.siteUuid(new UUID(2, 2), "b", "sfc", 0));
    private static final Destination SFC = new Destination.Site("sfc");
    private static final long EPOCH = (42L << 32) | 1;

    private final ManualClock clock = new ManualClock();
    private final RecordingDestination out = new RecordingDestination();
    private final DestinationStreams receiver = new DestinationStreams(CONFIG, out, clock);

    @Test
    void deliversInOrderAndAcknowledgesCumulativelyAfterTheAckDelay() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2, 1));

        assertThat(out.deliveredSeqs()).containsExactly(1L, 2L);
        receiver.onTick();
        assertThat(out.takeAcks()).as("held back to batch").isEmpty();

        clock.advance(CONFIG.ackDelay());
        receiver.onTick();
        assertThat(out.takeAcks()).containsExactly(new Ack(ALICE, BOB, EPOCH, 2));
        clock.advance(CONFIG.ackDelay());
        receiver.onTick();
        assertThat(out.takeAcks()).as("nothing new, nothing sent").isEmpty();
    }

    @Test
    void dropsDuplicatesButAcknowledgesThemAgain() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        clock.advance(CONFIG.ackDelay());
        receiver.onTick();
        out.takeAcks();

        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));

        assertThat(out.deliveredSeqs()).containsExactly(1L);
        assertThat(receiver.duplicatesDropped()).isEqualTo(1);
        clock.advance(CONFIG.ackDelay());
        receiver.onTick();
        assertThat(out.takeAcks()).as("the origin resent because our ack was lost")
                .containsExactly(new Ack(ALICE, BOB, EPOCH, 1));
    }

    @Test
    void holdsReorderedElementsAndAcknowledgesAtOnceWhenTheGapCloses() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 3, 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2, 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 3, 1));
        assertThat(out.delivered).isEmpty();

        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));

        assertThat(out.deliveredSeqs()).containsExactly(1L, 2L, 3L);
        assertThat(out.takeAcks()).containsExactly(new Ack(ALICE, BOB, EPOCH, 3));
    }

    @Test
    void acknowledgesAtOnceWhenHalfABufferArrived() {
        for (int seq = 1; seq < CONFIG.bufferMessages() / 2; seq++) {
            receiver.onSequenced(element(ALICE, BOB, EPOCH, seq, 1));
        }
        assertThat(out.takeAcks()).isEmpty();

        receiver.onSequenced(element(ALICE, BOB, EPOCH, CONFIG.bufferMessages() / 2, 1));

        assertThat(out.takeAcks()).containsExactly(new Ack(ALICE, BOB, EPOCH, CONFIG.bufferMessages() / 2));
    }

    @Test
    void dropsWhatIsTooFarAheadForTheOriginToResend() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2 + CONFIG.outOfOrderLimit(), 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));

        assertThat(out.deliveredSeqs()).containsExactly(1L);
    }

    @Test
    void keepsOneStreamPerOriginAndDestination() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        receiver.onSequenced(element(CAROL, BOB, EPOCH, 1, 1));
        receiver.onSequenced(element(ALICE, SFC, EPOCH, 1, 1));

        assertThat(out.delivered).extracting(s -> s.origin().name() + "->" + s.destination())
                .containsExactly("a->" + BOB, "c->" + BOB, "a->" + SFC);
    }

    @Test
    void anAcknowledgingReceiverNeverSkipsAGapHoweverLongItLasts() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 3, 1));

        clock.advance(CONFIG.gapSkipAfter().multipliedBy(10));
        receiver.onTick();
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2, 1));

        assertThat(out.deliveredSeqs()).containsExactly(1L, 2L, 3L);
        assertThat(out.skipped).isEmpty();
    }

    @Test
    void anAcknowledgingReceiverWithoutStateStartsAtWhatTheOriginStillHolds() {
        receiver.onSequenced(element(ALICE, SFC, EPOCH, 7, 5));
        assertThat(out.delivered).as("5 and 6 are still held by the origin: wait for them").isEmpty();

        receiver.onSequenced(element(ALICE, SFC, EPOCH, 5, 5));
        receiver.onSequenced(element(ALICE, SFC, EPOCH, 6, 5));

        assertThat(out.deliveredSeqs()).containsExactly(5L, 6L, 7L);
    }

    @Test
    void anAcknowledgingReceiverSkipsWhatAnotherAcknowledgedForTheSite() {
        receiver.onSequenced(element(ALICE, SFC, EPOCH, 1, 1));
        receiver.onSequenced(element(ALICE, SFC, EPOCH, 4, 1));

        // Another site master took 2..4 meanwhile and acknowledged them; the origin let them go.
        receiver.onSequenced(element(ALICE, SFC, EPOCH, 5, 5));

        assertThat(out.deliveredSeqs()).containsExactly(1L, 5L);
    }

    @Test
    void aNewEpochResetsTheStream() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2, 1));

        long restarted = (77L << 32) | 1;
        receiver.onSequenced(element(ALICE, BOB, restarted, 1, 1));
        receiver.onSequenced(element(ALICE, BOB, restarted, 2, 1));

        assertThat(out.delivered).extracting(s -> s.epoch() + "#" + s.seq())
                .containsExactly(EPOCH + "#1", EPOCH + "#2", restarted + "#1", restarted + "#2");
    }

    @Test
    void dropsFramesOfRetiredAndOlderEpochs() {
        long restarted = (77L << 32) | 1;
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        receiver.onSequenced(element(ALICE, BOB, restarted, 1, 1));
        receiver.onSequenced(element(ALICE, BOB, restarted + 1, 1, 1));

        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2, 1));
        receiver.onSequenced(element(ALICE, BOB, restarted, 2, 1));

        assertThat(out.delivered).extracting(Sequenced::epoch).containsExactly(EPOCH, restarted, restarted + 1);
        assertThat(receiver.duplicatesDropped()).isEqualTo(2);
    }

    @Test
    void recognisesAnOlderStreamOfTheSameIncarnationItNeverSaw() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH + 1, 1, 1));

        receiver.onSequenced(element(ALICE, BOB, EPOCH, 3, 3));

        assertThat(out.delivered).extracting(Sequenced::epoch).containsExactly(EPOCH + 1);
    }

    @Test
    void aSiteMemberNeverAcknowledgesAndWaitsForTheFirstElement() {
        DestinationStreams member = new DestinationStreams(CONFIG, out, clock, ReceiverRole.SITE_MEMBER);

        member.onSequenced(element(ALICE, SFC, EPOCH, 2, 2));
        assertThat(out.delivered).as("1 may still come from the former site master").isEmpty();
        member.onSequenced(element(ALICE, SFC, EPOCH, 1, 1));
        member.onSequenced(element(ALICE, SFC, EPOCH, 2, 2));
        clock.advance(CONFIG.gapSkipAfter());
        member.onTick();

        assertThat(out.deliveredSeqs()).containsExactly(1L, 2L);
        assertThat(out.acks).isEmpty();
        assertThat(out.skipped).isEmpty();
        assertThat(member.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void aSiteMemberSkipsAGapThatStaysOpenTooLong() {
        DestinationStreams member = new DestinationStreams(CONFIG, out, clock, ReceiverRole.SITE_MEMBER);
        member.onSequenced(element(ALICE, SFC, EPOCH, 1, 1));
        member.onSequenced(element(ALICE, SFC, EPOCH, 4, 4));
        member.onSequenced(element(ALICE, SFC, EPOCH, 5, 4));

        clock.advance(CONFIG.gapSkipAfter().minusNanos(1));
        member.onTick();
        assertThat(out.deliveredSeqs()).containsExactly(1L);
        clock.advance(Duration.ofNanos(1));
        member.onTick();

        assertThat(out.deliveredSeqs()).containsExactly(1L, 4L, 5L);
        assertThat(out.skipped).singleElement().satisfies(range -> assertThat(range).containsExactly(2, 3));
        member.onSequenced(element(ALICE, SFC, EPOCH, 2, 1));
        assertThat(out.deliveredSeqs()).as("too late: skipped for good").containsExactly(1L, 4L, 5L);
    }

    @Test
    void aSiteMemberSkipsTheOldestGapRatherThanDropWhatNobodyResends() {
        DestinationStreams member = new DestinationStreams(CONFIG, out, clock, ReceiverRole.SITE_MEMBER);
        member.onSequenced(element(ALICE, SFC, EPOCH, 1, 1));
        for (int seq = 3; seq < 3 + CONFIG.outOfOrderLimit(); seq++) {
            member.onSequenced(element(ALICE, SFC, EPOCH, seq, 3));
        }
        assertThat(out.deliveredSeqs()).containsExactly(1L);

        member.onSequenced(element(ALICE, SFC, EPOCH, 4 + CONFIG.outOfOrderLimit(), 3));

        assertThat(out.deliveredSeqs()).startsWith(1L, 3L).hasSize(1 + CONFIG.outOfOrderLimit()).doesNotContain(2L);
        assertThat(out.skipped).singleElement().satisfies(range -> assertThat(range).containsExactly(2, 2));
    }

    @Test
    void resumesAStreamKeptAsItsPositionWithoutDeliveringAnythingTwice() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2, 1));
        for (int i = 0; i < CONFIG.rememberedStreams(); i++) {
            receiver.onSequenced(element(origin(i), BOB, EPOCH, 1, 1));
        }
        assertThat(out.takeAcks()).as("the settled stream's pending acknowledgement went out")
                .contains(new Ack(ALICE, BOB, EPOCH, 2));

        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2, 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 3, 1));

        assertThat(out.delivered).filteredOn(s -> s.origin().equals(ALICE)).extracting(Sequenced::seq)
                .as("the resend of 2 is a duplicate; 3 follows").containsExactly(1L, 2L, 3L);
    }

    @Test
    void refusesAStreamForgottenBeyondItsPositionsUntilTheOriginOpensANewEpoch() {
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        int others = CONFIG.rememberedStreams() + CONFIG.rememberedPositions();
        for (int i = 0; i < others; i++) {
            receiver.onSequenced(element(origin(i), BOB, EPOCH, 1, 1));
        }

        receiver.onSequenced(element(ALICE, BOB, EPOCH, 1, 1));
        receiver.onSequenced(element(ALICE, BOB, EPOCH, 2, 1));
        clock.advance(CONFIG.ackDelay());
        receiver.onTick();

        assertThat(out.delivered).filteredOn(s -> s.origin().equals(ALICE)).extracting(Sequenced::seq)
                .as("nothing of the forgotten epoch: 1 may be a resend").containsExactly(1L);
        assertThat(out.forgotten).containsExactly(EPOCH);
        assertThat(receiver.refusedElements()).isEqualTo(2);
        receiver.onSequenced(element(ALICE, BOB, EPOCH + 1, 1, 1));
        assertThat(out.delivered).filteredOn(s -> s.origin().equals(ALICE)).extracting(Sequenced::epoch)
                .containsExactly(EPOCH, EPOCH + 1);
    }

    @Test
    void aSiteMemberReportsTheGapsOfAStreamItSettlesAndResumesItExactly() {
        DestinationStreams member = new DestinationStreams(CONFIG, out, clock, ReceiverRole.SITE_MEMBER);
        member.onSequenced(element(ALICE, SFC, EPOCH, 1, 1));
        member.onSequenced(element(ALICE, SFC, EPOCH, 3, 3));
        for (int i = 0; i < CONFIG.rememberedStreams(); i++) {
            member.onSequenced(element(origin(i), SFC, EPOCH, 1, 1));
        }
        assertThat(out.skipped).singleElement().satisfies(range -> assertThat(range).containsExactly(2, 2));

        member.onSequenced(element(ALICE, SFC, EPOCH, 3, 3));
        member.onSequenced(element(ALICE, SFC, EPOCH, 4, 3));

        assertThat(out.delivered).filteredOn(s -> s.origin().equals(ALICE)).extracting(Sequenced::seq)
                .containsExactly(1L, 3L, 4L);
    }

    @Test
    void aSiteMemberThatNeverKnewAStreamReportsWhatCameBeforeItsFirstElement() {
        DestinationStreams member = new DestinationStreams(CONFIG, out, clock, ReceiverRole.SITE_MEMBER);
        member.onSequenced(element(ALICE, SFC, EPOCH, 7, 7));
        clock.advance(CONFIG.gapSkipAfter());
        member.onTick();

        assertThat(out.deliveredSeqs()).containsExactly(7L);
        assertThat(out.skipped).as("a lost tail of a former site master looks the same as elements before it joined")
                .singleElement().satisfies(range -> assertThat(range).containsExactly(1, 6));
    }

    private static UuidAddress origin(int i) {
        return UuidAddress.siteUuid(new UUID(9, i), "o" + i, "nyc", 0);
    }

    static Sequenced element(UuidAddress origin, Destination to, long epoch, long seq, long lowestUnacked) {
        return new Sequenced(origin, to, epoch, seq, lowestUnacked, body((int) seq));
    }
}
