package io.xsite.cli;

import io.xsite.client.FailoverClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load of {@code xsite grid load}: {@code workers} loops, each over its own share of {@code keys} keys
 * ({@code key % workers == worker}), that write a fresh value through the {@link FailoverClient}, read it back
 * and compare. Since no other worker writes the key, a read that differs from the write just acknowledged is a
 * stale read. Each loop takes its next step from the completion of the last, on the client's thread; nothing
 * here blocks but {@link #stop} and {@link #verify}.
 */
final class GridLoad {
    /**
     * Totals since the start.
     *
     * @param operations writes and reads answered
     * @param errors     writes and reads that failed (no site answered in time)
     * @param stale      reads that did not return the value just written
     */
    record Counts(long operations, long errors, long stale) {
        Counts minus(Counts earlier) {
            return new Counts(operations - earlier.operations, errors - earlier.errors, stale - earlier.stale);
        }
    }

    /**
     * The final read of every key.
     *
     * @param checked keys whose last write was acknowledged
     * @param differ  of those, keys that read back as something else or nothing
     */
    record Verification(int checked, int differ) {
    }

    private final FailoverClient client;
    private final String prefix;
    private final int keys;
    private final int workers;
    private final LongAdder operations = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder stale = new LongAdder();
    /** Per key, the value of its last acknowledged write; null before one, or after a write that failed. */
    private final AtomicReferenceArray<String> acknowledged;
    private final CountDownLatch stopped;
    private volatile boolean stopping;

    GridLoad(FailoverClient client, String prefix, int keys, int workers) {
        if (keys < workers) {
            throw new IllegalArgumentException("--keys (" + keys + ") must be at least --workers (" + workers + ")");
        }
        this.client = client;
        this.prefix = prefix;
        this.keys = keys;
        this.workers = workers;
        this.acknowledged = new AtomicReferenceArray<>(keys);
        this.stopped = new CountDownLatch(workers);
    }

    /** Starts every worker. */
    void start() {
        for (int worker = 0; worker < workers; worker++) {
            step(worker, worker, 0);
        }
    }

    Counts counts() {
        return new Counts(operations.sum(), errors.sum(), stale.sum());
    }

    /** Lets the workers finish the step they are in; waits up to {@code wait} for them. */
    void stop(Duration wait) throws InterruptedException {
        stopping = true;
        stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads every key whose last write was acknowledged and compares. */
    Verification verify() {
        List<CompletableFuture<Boolean>> reads = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            String expected = acknowledged.get(key);
            if (expected != null) {
                reads.add(client.get(prefix + key).handle((value, failure) -> failure == null
                        && value.equals(Optional.of(expected))));
            }
        }
        int differ = (int) reads.stream().map(CompletableFuture::join).filter(same -> !same).count();
        return new Verification(reads.size(), differ);
    }

    /** Writes {@code key}, reads it back, then moves to the worker's next key. */
    private void step(int worker, int key, long sequence) {
        if (stopping) {
            stopped.countDown();
            return;
        }
        String value = "w" + worker + "-" + sequence;
        int next = key + workers < keys ? key + workers : worker;
        client.set(prefix + key, value).whenComplete((ok, writeFailure) -> {
            if (writeFailure != null) {
                errors.increment();
                acknowledged.set(key, null);
                step(worker, next, sequence + 1);
                return;
            }
            operations.increment();
            acknowledged.set(key, value);
            client.get(prefix + key).whenComplete((read, readFailure) -> {
                if (readFailure != null) {
                    errors.increment();
                } else {
                    operations.increment();
                    if (!read.equals(Optional.of(value))) {
                        stale.increment();
                    }
                }
                step(worker, next, sequence + 1);
            });
        });
    }
}
