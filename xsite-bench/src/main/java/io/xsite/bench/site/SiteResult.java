package io.xsite.bench.site;

import io.xsite.bench.Rounds;
import java.time.Duration;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What one scenario measured on one system, over the measured period only: of one round, or of several
 * rounds pooled ({@link #plus}).
 *
 * @param system       {@code xsite} or {@code jgroups}
 * @param scenario     the scenario
 * @param payloadBytes bytes per message or request
 * @param operations   streams: messages delivered to members other than their sender; requests: replies
 * @param elapsed      length of the measured period
 * @param latencyNanos request-to-reply latencies of the requests; empty for streams
 * @param outOfOrder   deliveries out of per-sender sequence, over the whole run (expected 0)
 * @param lost         messages sent but never delivered by the end of the drain (expected 0)
 */
record SiteResult(String system, Scenario scenario, int payloadBytes, long operations, Duration elapsed,
                  Histogram latencyNanos, long outOfOrder, long lost) {
    private static final double NANOS_PER_MICRO = 1_000;

    SiteResult {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(latencyNanos, "latencyNanos");
        if (elapsed == null || elapsed.isZero() || elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must be positive: " + elapsed);
        }
        if (operations < 0 || outOfOrder < 0 || lost < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + operations + ", " + outOfOrder
                    + ", " + lost);
        }
    }

    /**
     * This result and {@code other}, another round of the same system and scenario, pooled: operations,
     * measured time, out-of-order and lost summed, latencies merged; so {@link #perSecond()} is the
     * pooled rate and the percentiles are those of every request of both.
     */
    SiteResult plus(SiteResult other) {
        if (!system.equals(other.system) || scenario != other.scenario || payloadBytes != other.payloadBytes) {
            throw new IllegalArgumentException("cannot pool " + system + " " + scenario + " " + payloadBytes
                    + " B with " + other.system + " " + other.scenario + " " + other.payloadBytes + " B");
        }
        return new SiteResult(system, scenario, payloadBytes, operations + other.operations,
                elapsed.plus(other.elapsed), Rounds.merged(latencyNanos, other.latencyNanos),
                outOfOrder + other.outOfOrder, lost + other.lost);
    }

    /** Operations (deliveries or replies) per second. */
    double perSecond() {
        return operations / (elapsed.toNanos() / 1e9);
    }

    /** Payload megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return perSecond() * payloadBytes / 1e6;
    }

    /** Whether latencies were recorded (request scenarios). */
    boolean hasLatency() {
        return latencyNanos.getTotalCount() > 0;
    }

    /** Median latency in microseconds. */
    double p50Micros() {
        return latencyNanos.getValueAtPercentile(50) / NANOS_PER_MICRO;
    }

    /** 99th percentile latency in microseconds. */
    double p99Micros() {
        return latencyNanos.getValueAtPercentile(99) / NANOS_PER_MICRO;
    }
}
