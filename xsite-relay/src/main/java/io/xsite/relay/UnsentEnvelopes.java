package io.xsite.relay;

import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.core.member.MemberClosedException;
import io.xsite.core.member.MemberUnreachableException;
import io.xsite.relay.internal.routing.Envelope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of every send the relay does not wait for: an envelope handed to its member or bridge member that
 * could not be sent (the next hop left the view, too many sends wait for its window, the member closed) is
 * counted by kind and reason ({@code xsite_relay_unsent_envelopes}) and logged at most once per 10 s and reason
 * (at DEBUG when the member closed: its leaving is logged already), never dropped unseen. Nothing is lost with it: stream elements (data, batches) stay with their origin until
 * acknowledged end to end and are resent from there; a lost acknowledgement is covered by the next (they are
 * cumulative); an unreachable or undelivered notice is drawn again by the origin's next resend; views, hellos and
 * certificates go out again with the next view change or hello.
 */
final class UnsentEnvelopes {
    private static final Logger log = LoggerFactory.getLogger(UnsentEnvelopes.class);

    /** Why a send failed, as the metric labels it: a fixed set, whatever the cause's message says. */
    enum Reason {
        /** The next hop is not in the view, or too many sends wait for its window. */
        UNREACHABLE("unreachable"),
        /** The member (or bridge member) closed: it sends nothing more, and says so in its own log line. */
        CLOSED("closed"),
        /** Anything else. */
        FAILED("failed");

        final String label;

        Reason(String label) {
            this.label = label;
        }

        static Reason of(Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof MemberUnreachableException) {
                return UNREACHABLE;
            }
            return cause instanceof MemberClosedException ? CLOSED : FAILED;
        }
    }

    private final String logName;
    private final RelayMetrics metrics;
    private final BadInputWarnings warnings = new BadInputWarnings(log, Duration.ofSeconds(10));

    UnsentEnvelopes(String logName, RelayMetrics metrics) {
        this.logName = logName;
        this.metrics = metrics;
    }

    /** Watches {@code send} of an envelope of {@code kind} to {@code to}: a failure is counted and logged. */
    void watch(CompletableFuture<?> send, Envelope.Kind kind, Object to) {
        if (send.isDone() && !send.isCompletedExceptionally()) {
            return;
        }
        send.whenComplete((ignored, failure) -> {
            if (failure != null) {
                Reason reason = Reason.of(failure);
                metrics.unsent(kind, reason);
                if (reason == Reason.CLOSED) {
                    log.debug("[{}] {} to {} not sent: {}", logName, kind, to, failure.getMessage());
                    return;
                }
                warnings.report(reason.label + " " + kind, "[{}] could not send a {} envelope to {}: {}; {}", logName,
                        kind, to, failure.getMessage(), recovery(kind));
            }
        });
    }

    /** What makes up for an unsent envelope of {@code kind}, for the operator reading the log. */
    private static String recovery(Envelope.Kind kind) {
        return switch (kind) {
            case DATA, BATCH, SEALED_BATCH -> "its origin resends what is not acknowledged";
            case ACK -> "the next acknowledgement covers it";
            case SITE_UNREACHABLE, MEMBER_UNREACHABLE, UNDELIVERED -> "the origin's next resend draws it again";
            case TOPOLOGY, SITE_DOWN, HELLO, SITE_CERTIFICATE -> "the next view change or hello sends it again";
        };
    }
}
