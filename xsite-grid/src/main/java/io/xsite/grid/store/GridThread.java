package io.xsite.grid.store;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a member's grid state: segments, placement, pending writes and transfers. Every
 * entry point runs as a task here; a task that throws is logged and the thread goes on. Tasks handed in
 * after {@link #close()} are dropped.
 */
final class GridThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GridThread.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    GridThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "xsite-grid-" + name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void execute(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("grid stopped; task dropped");
        }
    }

    /** Runs {@code task} after {@code delay}; the returned future cancels it (a stopped grid runs nothing). */
    Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            return executor.schedule(() -> guarded(task), delay, unit);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    void scheduleRepeating(Runnable task, long periodMillis) {
        if (executor.isShutdown()) {
            return;
        }
        executor.scheduleWithFixedDelay(() -> guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    boolean inThread() {
        return Thread.currentThread() == thread;
    }

    void assertInThread() {
        if (!inThread()) {
            throw new IllegalStateException("grid state touched from " + Thread.currentThread().getName());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("grid task failed", e);
        }
    }
}
