package io.xsite.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Turns xsite's asynchronous sends into the blocking sends a JGroups sender sees: each sender may have
 * at most {@link #UNTAKEN_SENDS} sends whose futures have not completed (not yet taken by the reliable
 * layer); the next send blocks. A blocked sender resumes once its untaken sends are down to
 * {@link #RESUME_AT}, a low-water mark like that of Netty's write buffers: resuming it at every
 * completion cost a thread wake-up per few sends, and those wake-ups, not the member, were a tenth of
 * the CPU of the site benchmark's to-everyone scenario. The first failed send of a sender is kept and
 * reported by {@link #awaitTaken}.
 */
public final class PacedSends {
    /** Sends of one sender not yet taken before the sender blocks. */
    public static final int UNTAKEN_SENDS = 256;
    /** Untaken sends at which a blocked sender resumes. */
    public static final int RESUME_AT = UNTAKEN_SENDS / 2;

    private final Sender[] senders;

    /** Pacing for senders numbered 0 to {@code senders - 1}. */
    public PacedSends(int senders) {
        this.senders = new Sender[senders];
        for (int i = 0; i < senders; i++) {
            this.senders[i] = new Sender();
        }
    }

    /** Runs one send of {@code from}, first blocking while it has {@link #UNTAKEN_SENDS} untaken. */
    public void send(int from, Supplier<CompletableFuture<Void>> send) throws InterruptedException {
        Sender sender = senders[from];
        sender.awaitRoom();
        sender.untaken.incrementAndGet();
        send.get().whenComplete((ok, failure) -> sender.taken(failure));
    }

    /**
     * Waits until every send of {@code from} so far was taken.
     *
     * @throws TimeoutException      if some are still waiting after {@code timeout}
     * @throws IllegalStateException if a send of {@code from} failed
     */
    public void awaitTaken(int from, Duration timeout) throws TimeoutException, InterruptedException {
        Sender sender = senders[from];
        BoundedPoll.until(timeout, () -> sender.untaken.get() == 0,
                () -> sender.untaken.get() + " sends of sender " + from + " not taken");
        Throwable failure = sender.failure.get();
        if (failure != null) {
            throw new IllegalStateException("a send of sender " + from + " failed", failure);
        }
    }

    /** One sender's untaken sends, its first failure, and its thread while it waits for room. */
    private static final class Sender {
        final AtomicInteger untaken = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile Thread waiting;

        void awaitRoom() throws InterruptedException {
            while (untaken.get() >= UNTAKEN_SENDS) {
                waiting = Thread.currentThread();
                // Checked again after announcing the wait: a completion in between must not be missed.
                if (untaken.get() >= UNTAKEN_SENDS) {
                    LockSupport.park(this);
                }
                waiting = null;
                if (Thread.interrupted()) {
                    throw new InterruptedException("paced send interrupted");
                }
            }
        }

        void taken(Throwable sendFailure) {
            if (sendFailure != null) {
                failure.compareAndSet(null, sendFailure);
            }
            if (untaken.decrementAndGet() <= RESUME_AT) {
                Thread sender = waiting;
                if (sender != null) {
                    LockSupport.unpark(sender);
                }
            }
        }
    }
}
