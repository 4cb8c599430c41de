package io.xsite.net.admin;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The token bucket of one admin server's rate-limited routes. Confined to the admin server's one event loop:
 * plain fields, no locks.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private double permits;
    private long refilledAt;

    /** A full bucket; {@code nanoTime} is the clock ({@code System::nanoTime} outside tests). */
    TokenBucket(RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
        this.permits = limit.burst();
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes a permit; empty when one was there, else how long until the next one. */
    Optional<Duration> tryAcquire() {
        long now = nanoTime.getAsLong();
        permits = Math.min(limit.burst(), permits + (now - refilledAt) / NANOS_PER_SECOND * limit.permitsPerSecond());
        refilledAt = now;
        if (permits >= 1) {
            permits -= 1;
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - permits) / limit.permitsPerSecond()
                * NANOS_PER_SECOND)));
    }
}
