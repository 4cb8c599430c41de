package io.xsite.bench.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * One cross-site unicast stream (a member of nyc to a member of sfc) of one system: of one benchmark
 * round, or of several pooled ({@link #plus}).
 *
 * @param system       {@code xsite} or {@code jgroups}
 * @param payloadBytes bytes per message
 * @param sent         messages sent over the whole stream (warm-up, measured period, until stopped)
 * @param delivered    distinct messages delivered in the measured period
 * @param elapsed      length of the measured period
 * @param cpuNanos     CPU time of the whole benchmark process (members, routers, harness) in the measured period
 * @param outOfOrder   deliveries out of sequence over the whole stream (expected 0)
 * @param duplicates   messages delivered more than once (expected 0)
 * @param lost         messages sent but not delivered by the end of the drain (expected 0)
 */
record ThroughputResult(String system, int payloadBytes, long sent, long delivered, Duration elapsed, long cpuNanos,
                        long outOfOrder, long duplicates, long lost) {
    ThroughputResult {
        Objects.requireNonNull(system, "system");
        if (elapsed == null || elapsed.isZero() || elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must be positive: " + elapsed);
        }
        if (sent < 0 || delivered < 0 || cpuNanos < 0 || outOfOrder < 0 || duplicates < 0 || lost < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /**
     * This result and {@code other}, another benchmark round of the same system and payload size, pooled:
     * messages sent and delivered, measured time, CPU time, out-of-order, duplicates and lost summed; so
     * {@link #perSecond()} is the pooled rate.
     */
    ThroughputResult plus(ThroughputResult other) {
        if (!system.equals(other.system) || payloadBytes != other.payloadBytes) {
            throw new IllegalArgumentException("cannot pool " + system + " " + payloadBytes + " B with " + other.system
                    + " " + other.payloadBytes + " B");
        }
        return new ThroughputResult(system, payloadBytes, sent + other.sent, delivered + other.delivered,
                elapsed.plus(other.elapsed), cpuNanos + other.cpuNanos, outOfOrder + other.outOfOrder, duplicates + other.duplicates,
                lost + other.lost);
    }

    /** Messages per second. */
    double perSecond() {
        return delivered / (elapsed.toNanos() / 1e9);
    }

    /**
     * Microseconds of CPU (all threads of the process) per message delivered in the measured period: what a
     * message costs, which a machine shared with other work changes far less than the rate.
     */
    double cpuMicrosPerMessage() {
        return delivered == 0 ? Double.NaN : cpuNanos / 1e3 / delivered;
    }

    /** Payload megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return perSecond() * payloadBytes / 1e6;
    }
}
