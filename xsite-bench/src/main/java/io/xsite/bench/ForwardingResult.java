package io.xsite.bench;

import java.time.Duration;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What one forwarding scenario measured on one router, over the measured period only.
 *
 * @param router       the router
 * @param payloadBytes bytes of MESSAGE payload per message
 * @param clients      clients in the ring
 * @param messages     messages delivered to clients during the period
 * @param elapsed      length of the period
 * @param latencyNanos send-to-receive latencies of the messages delivered during the period
 * @param routerCpu    CPU time (user + system, all threads) the router process used during the period
 * @param loadCpu      CPU time the load clients' process (the harness JVM) used during the period
 * @param outOfOrder   messages that arrived out of sequence (expected 0: both routers keep FIFO per connection)
 */
public record ForwardingResult(RouterKind router, int payloadBytes, int clients, long messages, Duration elapsed,
                               Histogram latencyNanos, Duration routerCpu, Duration loadCpu, long outOfOrder) {
    private static final double NANOS_PER_MICRO = 1_000;

    public ForwardingResult {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(latencyNanos, "latencyNanos");
        Objects.requireNonNull(routerCpu, "routerCpu");
        Objects.requireNonNull(loadCpu, "loadCpu");
        if (elapsed.isZero() || elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must be positive: " + elapsed);
        }
    }

    /** Delivered messages per second. */
    public double messagesPerSecond() {
        return messages / seconds(elapsed);
    }

    /** Delivered payload megabytes (10^6 bytes) per second. */
    public double megabytesPerSecond() {
        return messagesPerSecond() * payloadBytes / 1e6;
    }

    /** Median latency in microseconds. */
    public double p50Micros() {
        return latencyNanos.getValueAtPercentile(50) / NANOS_PER_MICRO;
    }

    /** 99th percentile latency in microseconds. */
    public double p99Micros() {
        return latencyNanos.getValueAtPercentile(99) / NANOS_PER_MICRO;
    }

    /** Router CPU seconds during the period. */
    public double routerCpuSeconds() {
        return seconds(routerCpu);
    }

    /** Router CPU microseconds per delivered message; infinite when nothing was delivered. */
    public double cpuMicrosPerMessage() {
        return microsPerMessage(routerCpu);
    }

    /** Load clients' CPU seconds during the period. */
    public double loadCpuSeconds() {
        return seconds(loadCpu);
    }

    /** Load clients' CPU microseconds per delivered message; infinite when nothing was delivered. */
    public double loadCpuMicrosPerMessage() {
        return microsPerMessage(loadCpu);
    }

    /**
     * This result and {@code other}, a later round of the same router and scenario, as one: their messages,
     * periods, latencies and CPU times added.
     */
    public ForwardingResult plus(ForwardingResult other) {
        if (other.router != router || other.payloadBytes != payloadBytes || other.clients != clients) {
            throw new IllegalArgumentException("not the same router and scenario: " + this + " and " + other);
        }
        Histogram latencies = latencyNanos.copy();
        latencies.add(other.latencyNanos);
        return new ForwardingResult(router, payloadBytes, clients, messages + other.messages,
                elapsed.plus(other.elapsed), latencies, routerCpu.plus(other.routerCpu), loadCpu.plus(other.loadCpu),
                outOfOrder + other.outOfOrder);
    }

    private double microsPerMessage(Duration cpu) {
        return messages == 0 ? Double.POSITIVE_INFINITY : cpu.toNanos() / NANOS_PER_MICRO / messages;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
