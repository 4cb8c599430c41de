package io.xsite.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition of the systems under test (views complete, messages drained) by checking it
 * every few milliseconds up to a deadline. Polling keeps the harness out of the systems' delivery
 * paths: a notification per delivery would cost the measured systems, a check every 10 ms does not.
 */
public final class BoundedPoll {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private BoundedPoll() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @param timeout     the longest wait
     * @param condition   what to wait for
     * @param description what the state is, for the timeout's message
     * @throws TimeoutException if the condition does not hold within {@code timeout}
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> description)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("not reached within " + timeout + ": " + description.get());
            }
            TimeUnit.NANOSECONDS.sleep(INTERVAL_NANOS);
        }
    }
}
