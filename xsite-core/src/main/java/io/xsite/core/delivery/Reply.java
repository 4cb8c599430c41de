package io.xsite.core.delivery;

import io.xsite.wire.address.UuidAddress;
import java.util.Objects;

/**
 * What became of a request at one target.
 *
 * @param target   the member the request went to
 * @param outcome  how it ended for that member
 * @param response the response when {@code outcome} is {@link Outcome#REPLIED}, otherwise null
 */
public record Reply(UuidAddress target, Outcome outcome, Message response) {

    /** How a request ended at one target. */
    public enum Outcome {
        /** The target answered; the response is in {@link Reply#response()}. */
        REPLIED,
        /** The target left the view before it answered. */
        LEFT,
        /** The target did not answer within the request's timeout. */
        TIMED_OUT,
        /** The request could not be sent: the target was not in the view or its window was full. */
        UNREACHABLE
    }

    public Reply {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.REPLIED) != (response != null)) {
            throw new IllegalArgumentException("a response goes with REPLIED and only with it: " + outcome);
        }
    }
}
