package io.xsite.grid.store;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.xsite.core.transport.EventLoops;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a member's grid state: segments, placement, pending writes and transfers. Every
 * entry point runs as a task here; a task that throws is logged and the thread goes on. Tasks handed in
 * after {@link #close()} are dropped.
 *
 * <p>The thread is a Netty event loop of its own, so that the RESP server can serve its connections on it
 * ({@link #loop()}): a request read there reaches the grid without a hand-over to another thread, and its
 * reply is written where it completes, as {@code redis-server} answers on one thread. Its timers live in the
 * loop's own queue, which the thread alone touches when it schedules or cancels them.
 */
final class GridThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GridThread.class);

    private final EventLoopGroup group;
    private final EventLoop loop;

    GridThread(String name) {
        group = EventLoops.create("xsite-grid-" + name, 1);
        loop = group.next();
    }

    /** The event loop that is this thread, for I/O that belongs with the grid (the RESP connections). */
    EventLoop loop() {
        return loop;
    }

    void execute(Runnable task) {
        try {
            loop.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("grid stopped; task dropped");
        }
    }

    /** Runs {@code task} after {@code delay}; the returned future cancels it (a stopped grid runs nothing). */
    Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            return loop.schedule(() -> guarded(task), delay, unit);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    void scheduleRepeating(Runnable task, long periodMillis) {
        try {
            loop.scheduleWithFixedDelay(() -> guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("grid stopped; repeating task dropped");
        }
    }

    boolean inThread() {
        return loop.inEventLoop();
    }

    void assertInThread() {
        if (!inThread()) {
            throw new IllegalStateException("grid state touched from " + Thread.currentThread().getName());
        }
    }

    /** Runs what was handed in so far, drops the timers and stops the thread; waits up to 2 s for it. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        try {
            group.awaitTermination(2, TimeUnit.SECONDS);
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
