package io.xsite.core.member;

import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread a member runs the application's listeners, request handler and future completions on, one
 * task after the other in the order they were queued (so per-sender FIFO reaches the application).
 *
 * <p>Every delivery and every completed send crosses it, so the queue is lock-free with one consumer and a
 * producer pays for a wake-up only while the thread sleeps: a thread-pool executor locks and signals per
 * task, which cost more than the work handed over. It is not an I/O event loop on purpose: application
 * code may block, and must never hold up the members' I/O.
 *
 * <p>Tasks queued from the member's event loop wake the thread once per round of that loop, not once per
 * task: a read of thirty frames used to cost up to thirty wake-ups and context switches, and context
 * switches, not the protocol, were what limited a member's throughput on a small machine.
 */
final class ApplicationThread implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApplicationThread.class);
    private static final Runnable STOP = () -> { };
    /** Longest single park: a bound on how long a lost wake-up could ever delay a task. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Queue<Runnable> queue = PlatformDependent.newMpscQueue();
    /** Set while the thread parks on an empty queue: only then does a producer pay for an unpark. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    /** Set while a wake-up waits on the member's loop, so that a round queues one at most. */
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    private final EventLoop memberLoop;
    private final Thread thread;
    private volatile boolean closed;

    /** Starts the thread, a daemon named {@code name}, fed mostly from {@code memberLoop}. */
    ApplicationThread(String name, EventLoop memberLoop) {
        this.memberLoop = memberLoop;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code task}; callable from any thread. */
    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("application thread " + thread.getName() + " is closed");
        }
        queue.add(task);
        if (!sleeping.get()) {
            return;
        }
        if (!memberLoop.inEventLoop()) {
            wakeUp();
        } else if (wakeUpQueued.compareAndSet(false, true)) {
            // Runs after what the loop is doing now (the rest of a read, the queued tasks): one wake-up for all.
            memberLoop.execute(() -> {
                wakeUpQueued.set(false);
                wakeUp();
            });
        }
    }

    private void wakeUp() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Stops after the tasks already queued; waits (a few seconds at most) for them unless called on the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            Runnable task = nextTask();
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | AssertionError e) {
                log.error("task on application thread {} failed", thread.getName(), e);
            }
        }
    }

    private Runnable nextTask() {
        Runnable task = queue.poll();
        while (task == null) {
            sleeping.set(true);
            // Checked again after announcing the sleep: a task added in between must not wait for the park bound.
            task = queue.poll();
            if (task == null) {
                LockSupport.parkNanos(this, MAX_PARK_NANOS);
                if (Thread.interrupted()) {
                    return STOP;
                }
                task = queue.poll();
            }
            sleeping.set(false);
        }
        return task;
    }
}
