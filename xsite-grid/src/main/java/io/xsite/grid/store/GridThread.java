package io.xsite.grid.store;

import io.netty.channel.EventLoop;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a member's grid state: segments, placement, pending writes and transfers. Every
 * entry point runs as a task here; a task that throws is logged and the thread goes on. Tasks handed in
 * after {@link #close()} are dropped, and so are delayed ones not run by then; tasks queued before it still
 * run (the grid's own cleanup among them).
 *
 * <p>Either a thread of the grid's own ({@link #own}), or the event loop its member's messages arrive on
 * ({@link #on}: a relay node's thread). Sharing that loop saves two thread hand-offs per member a request
 * visits (the message in, the answer out): a sync backup visits eight, and each hand-off wakes a thread,
 * which on a loaded machine waits for a CPU.
 */
final class GridThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GridThread.class);

    private final ScheduledExecutorService executor;
    private final BooleanSupplier inThread;
    /** Stops what this grid started on the executor: the whole pool when it is the grid's own. */
    private final Runnable release;
    private final Queue<Future<?>> repeating = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private GridThread(ScheduledExecutorService executor, BooleanSupplier inThread, Runnable release) {
        this.executor = executor;
        this.inThread = inThread;
        this.release = release;
    }

    /** A thread of the grid's own, named after {@code name}. */
    static GridThread own(String name) {
        AtomicReference<Thread> owner = new AtomicReference<>();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "xsite-grid-" + name);
            t.setDaemon(true);
            owner.set(t);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return new GridThread(executor, () -> Thread.currentThread() == owner.get(), () -> {
            executor.shutdown();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The event loop {@code loop}, shared with its owner (who shuts it down; closing only stops the grid's tasks). */
    static GridThread on(EventLoop loop) {
        return new GridThread(loop, loop::inEventLoop, () -> { });
    }

    void execute(Runnable task) {
        if (closed) {
            log.debug("grid stopped; task dropped");
            return;
        }
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("grid stopped; task dropped");
        }
    }

    /** Runs {@code task} after {@code delay}; the returned future cancels it (a stopped grid runs nothing). */
    Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            return executor.schedule(whileOpen(task), delay, unit);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    void scheduleRepeating(Runnable task, long periodMillis) {
        try {
            repeating.add(executor.scheduleWithFixedDelay(whileOpen(task), periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("grid stopped; repeating task not started");
        }
    }

    boolean inThread() {
        return inThread.getAsBoolean();
    }

    void assertInThread() {
        if (!inThread()) {
            throw new IllegalStateException("grid state touched from " + Thread.currentThread().getName());
        }
    }

    @Override
    public void close() {
        closed = true;
        repeating.forEach(task -> task.cancel(false));
        release.run();
    }

    /** A delayed task, which a closed grid no longer runs (as a shut-down pool cancels its delayed tasks). */
    private Runnable whileOpen(Runnable task) {
        return () -> {
            if (!closed) {
                guarded(task);
            }
        };
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("grid task failed", e);
        }
    }
}
