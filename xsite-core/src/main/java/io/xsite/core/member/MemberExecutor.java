package io.xsite.core.member;

import io.netty.util.internal.PlatformDependent;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a member's protocol state (a second instance is the member's application
 * thread, see {@link MemberCallbacks}). Decoded frames, API calls and timer ticks all become tasks on its queue; it runs due timers first, then at most {@link #BATCH} queued tasks, so a
 * burst of frames never starves the timers, and it sleeps while there is nothing to do.
 *
 * <p>Other threads use {@link #execute} or {@link #submit}; protocol code calls {@link #assertInThread}
 * at its entry points. Timers are scheduled from the owning thread only. A task that throws is logged
 * and the loop goes on (the one broad catch of the member, as STYLE.md asks).
 */
public final class MemberExecutor implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemberExecutor.class);
    /** Most queued tasks run between two checks of the timers. */
    static final int BATCH = 256;
    private static final Runnable STOP = () -> { };
    /** Longest single park: a bound on how long a lost wake-up could ever delay a task. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Lock-free, many producers and this thread as the one consumer. */
    private final Queue<Runnable> queue = PlatformDependent.newMpscQueue();
    /** Set while this thread parks on an empty queue: only then does a producer pay for an unpark. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final LongSupplier nanoClock;
    private final Thread thread;
    private volatile boolean closed;
    private long timerSequence;

    /** Starts the thread, named {@code name}, reading time from {@code nanoClock}. */
    public MemberExecutor(String name, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code task}; callable from any thread. */
    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("member executor " + thread.getName() + " is closed");
        }
        queue.add(task);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Runs {@code task} on the member thread and completes with its result. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code task} every {@code period}, first after one period; from the member thread only. */
    public void scheduleAtFixedRate(Duration period, Runnable task) {
        assertInThread();
        timers.add(new Timer(nanoClock.getAsLong() + period.toNanos(), period.toNanos(), task, timerSequence++));
    }

    /** Runs {@code task} once after {@code delay}; from the member thread only. */
    public void schedule(Duration delay, Runnable task) {
        assertInThread();
        timers.add(new Timer(nanoClock.getAsLong() + delay.toNanos(), 0, task, timerSequence++));
    }

    /** Throws unless called on the member thread. */
    public void assertInThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("called on " + Thread.currentThread().getName()
                    + " instead of the member thread " + thread.getName());
        }
    }

    /** Whether the caller is the member thread. */
    public boolean inThread() {
        return Thread.currentThread() == thread;
    }

    /** Stops after the tasks already queued; waits for the thread unless called on it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        LockSupport.unpark(thread);
        if (!inThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            runDueTimers();
            Runnable task = nextTask();
            for (int ran = 0; task != null; ) {
                if (task == STOP) {
                    return;
                }
                runSafely(task);
                if (++ran == BATCH) {
                    break;
                }
                task = queue.poll();
            }
        }
    }

    /** The next task, waiting at most until the next timer is due; null when a timer is due first. */
    private Runnable nextTask() {
        Runnable task = queue.poll();
        while (task == null) {
            Timer next = timers.peek();
            long wait = next == null ? Long.MAX_VALUE : next.dueNanos - nanoClock.getAsLong();
            if (wait <= 0) {
                return null;
            }
            sleeping.set(true);
            // Checked again after announcing the sleep: a task added in between must not wait for a timer.
            task = queue.poll();
            if (task == null) {
                LockSupport.parkNanos(this, Math.min(wait, MAX_PARK_NANOS));
                if (Thread.interrupted()) {
                    return STOP;
                }
                task = queue.poll();
            }
            sleeping.set(false);
            if (task == null && next != null && next.dueNanos - nanoClock.getAsLong() <= 0) {
                return null;
            }
        }
        return task;
    }

    private void runDueTimers() {
        long now = nanoClock.getAsLong();
        while (!timers.isEmpty() && timers.peek().dueNanos <= now) {
            Timer timer = timers.poll();
            runSafely(timer.task);
            if (timer.periodNanos > 0) {
                // Fixed rate from the due time, but never a catch-up burst after a long pause.
                long due = Math.max(timer.dueNanos + timer.periodNanos, now);
                timers.add(new Timer(due, timer.periodNanos, timer.task, timer.sequence));
            }
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | AssertionError e) {
            log.error("task on member thread {} failed", thread.getName(), e);
        }
    }

    private record Timer(long dueNanos, long periodNanos, Runnable task, long sequence)
            implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(dueNanos, other.dueNanos);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
