package io.xsite.bench.relay;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A daemon thread that sends numbered messages (1, 2, ...) until stopped, and says how far it got or why
 * it failed: the part the benchmark's load generators share; each gives the step that sends one message.
 */
final class SendingThread {
    /** Sends message {@code sequence}, blocking as the scenario requires. */
    @FunctionalInterface
    interface Step {
        /** @return false when the thread was stopped before the message went out */
        boolean send(long sequence, BooleanSupplier running) throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile long started;
    private volatile long sent;

    SendingThread(String name, Step step) {
        thread = new Thread(() -> {
            try {
                for (long sequence = 1; running; sequence++) {
                    started = sequence;
                    if (!step.send(sequence, () -> running)) {
                        break;
                    }
                    sent = sequence;
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The number of the send in progress or last made. */
    long started() {
        return started;
    }

    /** Stops the thread and returns how many messages it sent; fails if it failed or is stuck in a send. */
    long stop(Duration timeout) throws InterruptedException {
        running = false;
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " still blocked in a send after " + timeout);
        }
        if (failure.get() != null) {
            throw new IllegalStateException(thread.getName() + " failed", failure.get());
        }
        return sent;
    }
}
