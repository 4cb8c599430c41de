package io.xsite.bench.relay;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * nyc's site master crashed while a member of nyc streamed numbered messages to a member of sfc.
 *
 * @param system        {@code xsite} or {@code jgroups}
 * @param ratePerSecond the stream's rate
 * @param sent          messages sent (before, during and after the crash)
 * @param recovery      from the crash to the first delivery of a message sent after the crash; empty if
 *                      none was delivered within the recovery timeout
 * @param longestGap    the longest time between two consecutive deliveries at the receiver
 * @param lost          messages sent but never delivered by the end of the drain
 * @param duplicates    messages delivered more than once
 * @param outOfOrder    deliveries out of sequence
 */
record FailoverResult(String system, int ratePerSecond, long sent, Optional<Duration> recovery, Duration longestGap,
                      long lost, long duplicates, long outOfOrder) {
    FailoverResult {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(longestGap, "longestGap");
        if (sent < 0 || lost < 0 || duplicates < 0 || outOfOrder < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
