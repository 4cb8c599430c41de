package io.xsite.cli.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for a condition that has no event of its own (a topology that converged, a site master that
 * changed) by asking it every few milliseconds, up to a deadline.
 */
final class Polling {
    /** Short against the demo's timeouts (hundreds of milliseconds), cheap for what is asked. */
    static final Duration INTERVAL = Duration.ofMillis(20);

    private Polling() {
    }

    /**
     * Asks {@code probe} until it gives a value or {@code timeout} has passed; empty if it never did.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    static <T> Optional<T> poll(Duration timeout, Supplier<Optional<T>> probe) throws InterruptedException {
        return poll(timeout, INTERVAL, probe);
    }

    /** As {@link #poll(Duration, Supplier)}, asking every {@code interval}: for a probe that costs real work. */
    static <T> Optional<T> poll(Duration timeout, Duration interval, Supplier<Optional<T>> probe)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent() || System.nanoTime() - deadline >= 0) {
                return value;
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting");
            }
        }
    }
}
