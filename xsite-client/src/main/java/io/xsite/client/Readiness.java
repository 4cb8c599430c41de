package io.xsite.client;

import java.util.Objects;

/**
 * A {@link HomeReadiness} answer.
 *
 * @param caughtUp whether home holds every write the client made elsewhere (so the client may return)
 * @param reason   why, in one line, for the logs and the fail-back event
 */
public record Readiness(boolean caughtUp, String reason) {
    /** Checks the reason. */
    public Readiness {
        Objects.requireNonNull(reason, "reason");
    }

    /** Home has caught up. */
    public static Readiness ready(String reason) {
        return new Readiness(true, reason);
    }

    /** Home has not caught up yet. */
    public static Readiness notYet(String reason) {
        return new Readiness(false, reason);
    }
}
