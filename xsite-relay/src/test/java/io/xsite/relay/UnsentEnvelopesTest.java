package io.xsite.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.member.MemberClosedException;
import io.xsite.core.member.MemberUnreachableException;
import io.xsite.relay.internal.routing.Envelope;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A send the relay does not wait for is counted when it fails, by kind and reason, and only then. */
class UnsentEnvelopesTest {
    private static final UuidAddress PEER = UuidAddress.siteUuid(new UUID(1, 2), "sfc1", "sfc", 0);

    private final RelayMetrics metrics = new RelayMetrics("nyc", "nyc1");
    private final UnsentEnvelopes unsent = new UnsentEnvelopes("nyc/nyc1", metrics);

    @Test
    void aSendThatFailsLaterIsCountedByKindAndReason() {
        CompletableFuture<Void> toBridge = new CompletableFuture<>();
        unsent.watch(toBridge, Envelope.Kind.SEALED_BATCH, PEER);
        assertThat(count("sealed_batch", "unreachable")).isZero();

        toBridge.completeExceptionally(new MemberUnreachableException(PEER, "too many sends wait for its window"));

        assertThat(count("sealed_batch", "unreachable")).isEqualTo(1);
    }

    @Test
    void closedMembersAndOtherFailuresAreCountedApart() {
        unsent.watch(CompletableFuture.failedFuture(new CompletionException(new IllegalStateException("odd"))),
                Envelope.Kind.TOPOLOGY, "bridge global");
        unsent.watch(CompletableFuture.failedFuture(new MemberClosedException("bridge/_nyc1")),
                Envelope.Kind.TOPOLOGY, "bridge global");
        unsent.watch(CompletableFuture.failedFuture(new CompletionException(
                new MemberUnreachableException(PEER, "not in the view"))), Envelope.Kind.ACK, PEER);

        assertThat(count("topology", "failed")).isEqualTo(1);
        assertThat(count("ack", "unreachable")).isEqualTo(1);
        assertThat(count("topology", "closed")).isEqualTo(1);
        assertThat(count("topology", "unreachable")).isZero();
    }

    @Test
    void sendsThatSucceedAreNotCounted() {
        CompletableFuture<Void> later = new CompletableFuture<>();
        unsent.watch(CompletableFuture.completedFuture(null), Envelope.Kind.DATA, PEER);
        unsent.watch(later, Envelope.Kind.DATA, PEER);
        later.complete(null);

        assertThat(metrics.registry().find("xsite_relay_unsent_envelopes").counters()).isEmpty();
    }

    private double count(String kind, String reason) {
        Counter counter = metrics.registry().find("xsite_relay_unsent_envelopes").tag("kind", kind)
                .tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
