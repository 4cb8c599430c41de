package io.xsite.bench.relay;

import io.xsite.bench.Rounds;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The chat round trips of one system in the measured period: of one benchmark round, or of several
 * pooled ({@link #plus}).
 *
 * @param system       {@code xsite} or {@code jgroups}
 * @param payloadBytes bytes of each chat line
 * @param latencyNanos time from sending a line to everyone until all 8 replies were back, per round trip
 */
record ChatResult(String system, int payloadBytes, Histogram latencyNanos) {
    ChatResult {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(latencyNanos, "latencyNanos");
    }

    /**
     * This result and {@code other}, another benchmark round of the same system and line size, pooled:
     * the round trips of both in one histogram.
     */
    ChatResult plus(ChatResult other) {
        if (!system.equals(other.system) || payloadBytes != other.payloadBytes) {
            throw new IllegalArgumentException("cannot pool " + system + " " + payloadBytes + " B with " + other.system
                    + " " + other.payloadBytes + " B");
        }
        return new ChatResult(system, payloadBytes, Rounds.merged(latencyNanos, other.latencyNanos));
    }

    /** Round trips measured. */
    long roundTrips() {
        return latencyNanos.getTotalCount();
    }

    /** Median round trip in microseconds. */
    double p50Micros() {
        return latencyNanos.getValueAtPercentile(50) / 1_000.0;
    }

    /** 99th percentile round trip in microseconds. */
    double p99Micros() {
        return latencyNanos.getValueAtPercentile(99) / 1_000.0;
    }
}
