package io.xsite.core.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.internal.delivery.Parcel;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** Sends waiting for room in a full window, as the member's loop sees them; no sockets. */
class PendingSendsTest {
    private static final UuidAddress SELF = UuidAddress.siteUuid(UUID.randomUUID(), "A", "nyc", 0);
    private static final UuidAddress PEER = UuidAddress.siteUuid(UUID.randomUUID(), "B", "nyc", 0);
    /** A window to the peer that stays full. */
    private static final BiPredicate<UuidAddress, Parcel> FULL = (to, parcel) -> false;

    @Test
    void aSendWaitingForAWindowFailsWhenTheMemberCloses() {
        PendingSends pending = new PendingSends(4);
        ByteBuf payload = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
        CompletableFuture<Void> waiting = new CompletableFuture<>();
        assertThat(pending.send(PEER, Parcel.oneWay(Message.inBuffer(SELF, PEER, Map.of(), payload)),
                SendOutcome.of(waiting), FULL)).as("queued behind the full window").isTrue();
        assertThat(waiting).as("waiting for room").isNotDone();

        pending.close(new MemberClosedException("nyc/A"));

        assertThat(waiting).as("the sender hears that the member closed").failsWithin(Duration.ZERO)
                .withThrowableThat().havingCause().isInstanceOf(MemberClosedException.class);
        assertThat(payload.refCnt()).as("the waiting message was released").isZero();
    }

    @Test
    void aSendTakenByTheWindowIsNotFailedByTheClose() {
        PendingSends pending = new PendingSends(4);
        CompletableFuture<Void> taken = new CompletableFuture<>();
        pending.send(PEER, Parcel.oneWay(Message.of(SELF, PEER, new byte[] {1})), SendOutcome.of(taken),
                (to, parcel) -> true);

        pending.close(new MemberClosedException("nyc/A"));

        assertThat(taken).as("taken before the close").isCompleted();
    }
}
