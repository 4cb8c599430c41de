package io.xsite.grid.store;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.xsite.net.loop.EventLoops;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a member's grid state: segments, placement, pending writes and transfers. Every
 * entry point runs as a task here; a task that throws is logged and the thread goes on. Tasks handed in
 * after {@link #close()} are dropped, and so are delayed ones not run by then; tasks queued before it still
 * run (the grid's own cleanup among them).
 *
 * <p>The thread is a Netty event loop: either one of the grid's own ({@link #own}), or the event loop its
 * member's messages arrive on ({@link #on}: a relay node's thread). Sharing that loop saves two thread
 * hand-offs per member a request visits (the message in, the answer out): a sync backup visits eight, and each
 * hand-off wakes a thread, which on a loaded machine waits for a CPU. The RESP server serves its connections
 * on the same loop ({@link #loop()}): a request read there reaches the grid without a hand-over to another
 * thread, and its reply is written where it completes, as {@code redis-server} answers on one thread. Timers
 * live in the loop's own queue, which the thread alone touches when it schedules or cancels them.
 */
final class GridThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GridThread.class);

    private final EventLoop loop;
    /** Stops what this grid started on the loop: the whole loop when it is the grid's own. */
    private final Runnable release;
    private final Queue<Future<?>> repeating = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    /** How many grid tasks this thread is inside (touched on the thread alone): none means I/O work of the loop. */
    private int depth;

    private GridThread(EventLoop loop, Runnable release) {
        this.loop = loop;
        this.release = release;
    }

    /** A thread of the grid's own, named after {@code name}. */
    static GridThread own(String name) {
        EventLoopGroup group = EventLoops.create("xsite-grid-" + name, 1);
        return new GridThread(group.next(), () -> {
            // A graceful shutdown runs the tasks already queued and cancels the delayed ones.
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            try {
                group.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The event loop {@code loop}, shared with its owner (who shuts it down; closing only stops the grid's tasks). */
    static GridThread on(EventLoop loop) {
        return new GridThread(loop, () -> { });
    }

    /** The event loop that is this thread, for I/O that belongs with the grid (the RESP connections). */
    EventLoop loop() {
        return loop;
    }

    /** Queues {@code task}; false when the grid stopped and dropped it (a caller waiting for it must not wait). */
    boolean execute(Runnable task) {
        if (closed) {
            log.debug("grid stopped; task dropped");
            return false;
        }
        try {
            loop.execute(() -> guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            log.debug("grid stopped; task dropped");
            return false;
        }
    }

    /**
     * Runs {@code task} at once when called on this thread outside any grid task (a RESP request read on the loop),
     * else queues it as {@link #execute} does; false when the grid stopped and dropped it. At once, a read answered
     * by this member completes before the loop's read ends, and its reply leaves with the others of that read;
     * inside a grid task (a callback of another operation), queuing keeps grid code from re-entering itself.
     */
    boolean run(Runnable task) {
        if (closed || !inThread() || depth > 0) {
            return execute(task);
        }
        guarded(task);
        return true;
    }

    /** Runs {@code task} now, as a grid task: the caller is on this thread (a member message read here). */
    void runHere(Runnable task) {
        assertInThread();
        guarded(task);
    }

    /** Runs {@code task} after {@code delay}; the returned future cancels it (a stopped grid runs nothing). */
    Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        try {
            return loop.schedule(whileOpen(task), delay, unit);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    void scheduleRepeating(Runnable task, long periodMillis) {
        try {
            repeating.add(loop.scheduleWithFixedDelay(whileOpen(task), periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("grid stopped; repeating task not started");
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

    /** Drops the timers and stops the grid's tasks; a loop of the grid's own stops too (waiting up to 2 s). */
    @Override
    public void close() {
        closed = true;
        repeating.forEach(task -> task.cancel(false));
        release.run();
    }

    /** A delayed task, which a closed grid no longer runs (as a shut-down loop cancels its delayed tasks). */
    private Runnable whileOpen(Runnable task) {
        return () -> {
            if (!closed) {
                guarded(task);
            }
        };
    }

    private void guarded(Runnable task) {
        depth++;
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("grid task failed", e);
        } finally {
            depth--;
        }
    }
}
