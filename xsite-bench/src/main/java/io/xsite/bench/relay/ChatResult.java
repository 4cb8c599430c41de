package io.xsite.bench.relay;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The chat round trips of one system in the measured period.
 *
 * @param system       {@code xsite} or {@code jgroups}
 * @param payloadBytes bytes of each chat line
 * @param latencyNanos time from sending a line to everyone until all 8 replies were back, per round
 */
record ChatResult(String system, int payloadBytes, Histogram latencyNanos) {
    ChatResult {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(latencyNanos, "latencyNanos");
    }

    /** Round trips measured. */
    long rounds() {
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
