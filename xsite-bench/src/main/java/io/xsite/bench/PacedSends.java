package io.xsite.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Turns xsite's asynchronous sends into the blocking sends a JGroups sender sees: each sender may have
 * at most {@link #UNTAKEN_SENDS} sends whose futures have not completed (not yet taken by the reliable
 * layer); the next send blocks until one is. The first failed send of a sender is kept and reported by
 * {@link #awaitTaken}.
 */
public final class PacedSends {
    /** Sends of one sender not yet taken before the sender blocks. */
    public static final int UNTAKEN_SENDS = 256;

    private final Semaphore[] untaken;
    private final AtomicReference<Throwable>[] failures;

    /** Pacing for senders numbered 0 to {@code senders - 1}. */
    @SuppressWarnings("unchecked")
    public PacedSends(int senders) {
        untaken = new Semaphore[senders];
        failures = new AtomicReference[senders];
        for (int i = 0; i < senders; i++) {
            untaken[i] = new Semaphore(UNTAKEN_SENDS);
            failures[i] = new AtomicReference<>();
        }
    }

    /** Runs one send of {@code from} once a permit is free; the permit comes back when its future completes. */
    public void send(int from, Supplier<CompletableFuture<Void>> send) throws InterruptedException {
        Semaphore permits = untaken[from];
        permits.acquire();
        send.get().whenComplete((ok, failure) -> {
            if (failure != null) {
                failures[from].compareAndSet(null, failure);
            }
            permits.release();
        });
    }

    /**
     * Waits until every send of {@code from} so far was taken.
     *
     * @throws TimeoutException      if some are still waiting after {@code timeout}
     * @throws IllegalStateException if a send of {@code from} failed
     */
    public void awaitTaken(int from, Duration timeout) throws TimeoutException, InterruptedException {
        Semaphore permits = untaken[from];
        if (!permits.tryAcquire(UNTAKEN_SENDS, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException((UNTAKEN_SENDS - permits.availablePermits()) + " sends of sender " + from
                    + " not taken within " + timeout);
        }
        permits.release(UNTAKEN_SENDS);
        Throwable failure = failures[from].get();
        if (failure != null) {
            throw new IllegalStateException("a send of sender " + from + " failed", failure);
        }
    }
}
