package io.xsite.core.member;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a member's protocol state lives: one Netty event loop, which also serves the member's own tcp
 * connections. Decoded frames, API calls and timer ticks all run there, one at a time.
 *
 * <p>The event loop is one of those shared by the members of the JVM, and the transport registers this
 * member's channels on it: a frame read from a socket is handled by the protocol on the same thread, and
 * a frame the protocol writes goes to the socket without changing threads. A separate protocol thread
 * cost two thread hand-overs per frame, each waking a sleeping thread when the load is light, which was
 * most of the latency of a request. Work on the loop must therefore never block.
 *
 * <p>Other threads use {@link #execute} or {@link #submit}; protocol code calls {@link #assertInThread} at
 * its entry points. Timers are scheduled from the loop only. A task that throws is logged and the loop
 * goes on (the one broad catch of the member, as STYLE.md asks). After {@link #close} nothing more runs.
 */
final class MemberExecutor implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemberExecutor.class);
    /** Tasks failing this often within {@link #STUCK_WINDOW} mean the protocol is stuck, not unlucky. */
    private static final int FAILURES_FOR_STUCK = 3;
    private static final Duration STUCK_WINDOW = Duration.ofSeconds(10);

    private final String name;
    private final EventLoop loop;
    private final List<ScheduledFuture<?>> repeating = new CopyOnWriteArrayList<>();
    /** When the last {@link #FAILURES_FOR_STUCK} tasks that threw failed ({@link System#nanoTime()}), oldest first. */
    private final long[] recentFailures = new long[FAILURES_FOR_STUCK];
    /** Failures so far, up to {@link #FAILURES_FOR_STUCK}; written on the loop. */
    private volatile int failures;
    /** The oldest of {@code recentFailures} once there are enough, and the newest; read by the admin thread. */
    private volatile long oldestRecentFailure;
    private volatile long newestFailure;
    private volatile boolean closed;

    /** An executor named {@code name} (for errors and logs) on {@code loop}. */
    public MemberExecutor(String name, EventLoop loop) {
        this.name = name;
        this.loop = loop;
    }

    /** The event loop the member's channels belong on. */
    public EventLoop eventLoop() {
        return loop;
    }

    /** Queues {@code task}; callable from any thread. */
    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("member executor " + name + " is closed");
        }
        loop.execute(() -> runSafely(task));
    }

    /**
     * Runs {@code task} now when called on the loop, else queues it: an I/O callback of this member's own
     * channel is already where the protocol lives.
     */
    public void runOrExecute(Runnable task) {
        if (loop.inEventLoop() && !closed) {
            runSafely(task);
        } else {
            execute(task);
        }
    }

    /** Runs {@code task} on the loop and completes with its result. */
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

    /**
     * Runs {@code task} every {@code period}, first after one period; from the loop only. The period
     * counts from the end of the previous run: after a stall the ticks do not come in a burst.
     */
    public void scheduleRepeating(Duration period, Runnable task) {
        assertInThread();
        long nanos = period.toNanos();
        repeating.add(loop.scheduleWithFixedDelay(() -> runSafely(task), nanos, nanos, TimeUnit.NANOSECONDS));
    }

    /** Runs {@code task} once after {@code delay}; from the loop only. */
    public void schedule(Duration delay, Runnable task) {
        assertInThread();
        loop.schedule(() -> runSafely(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Throws unless called on the loop. */
    public void assertInThread() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("called on " + Thread.currentThread().getName()
                    + " instead of the event loop of member " + name);
        }
    }

    /**
     * Whether tasks keep failing: {@value #FAILURES_FOR_STUCK} within 10 s, the latest within the last
     * 10 s (a timer that throws at every tick, say). Callable from any thread.
     */
    public boolean failingRepeatedly() {
        long window = STUCK_WINDOW.toNanos();
        long newest = newestFailure;
        return failures >= FAILURES_FOR_STUCK && newest - oldestRecentFailure < window
                && System.nanoTime() - newest < window;
    }

    /** Whether the caller is on the loop. */
    public boolean inThread() {
        return loop.inEventLoop();
    }

    /**
     * Stops: later tasks are refused, queued ones and timers are skipped. Off the loop it waits (a few
     * seconds at most) for a task running now to end, so that no protocol code runs after it returns.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        repeating.forEach(timer -> timer.cancel(false));
        if (!loop.inEventLoop() && !loop.isShuttingDown()) {
            loop.submit(() -> { }).awaitUninterruptibly(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void runSafely(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException | AssertionError e) {
            log.error("task of member {} failed", name, e);
            recordFailure();
        }
    }

    private void recordFailure() {
        long now = System.nanoTime();
        System.arraycopy(recentFailures, 1, recentFailures, 0, FAILURES_FOR_STUCK - 1);
        recentFailures[FAILURES_FOR_STUCK - 1] = now;
        if (failures < FAILURES_FOR_STUCK) {
            failures++;
        }
        oldestRecentFailure = recentFailures[0];
        newestFailure = now;
    }
}
