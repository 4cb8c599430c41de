package io.xsite.core.member;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.xsite.net.loop.EventLoops;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemberExecutorTest {
    /** A loop of the test's own: some tests block it on purpose. */
    private final EventLoopGroup group = EventLoops.create("member-executor-test", 1);

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void onTheLoopATaskRunsAtOnceAndAfterCloseNothingRuns() throws Exception {
        MemberExecutor executor = new MemberExecutor("m0", group.next());
        List<String> order = new CopyOnWriteArrayList<>();
        executor.submit(() -> {
            executor.runOrExecute(() -> order.add("inline"));
            order.add("after");
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertThat(order).containsExactly("inline", "after");
        AtomicInteger ticks = new AtomicInteger();
        executor.submit(() -> {
            executor.scheduleRepeating(ofMillis(1), ticks::incrementAndGet);
            return null;
        }).get(5, TimeUnit.SECONDS);
        await("the timer ticks").atMost(ofSeconds(5)).until(() -> ticks.get() > 2);
        executor.close();
        int ticksAtClose = ticks.get();
        assertThatThrownBy(() -> executor.execute(() -> order.add("late")))
                .isInstanceOf(RejectedExecutionException.class);
        // A task on the loop after a few more would-be ticks: none of them ran.
        group.next().submit(() -> { }).get(5, TimeUnit.SECONDS);
        group.next().schedule(() -> { }, 20, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertThat(ticks.get()).isEqualTo(ticksAtClose);
    }

    @Test
    void aTimerThatFailsAtEveryTickCountsAsFailingRepeatedly() throws Exception {
        try (MemberExecutor executor = new MemberExecutor("m-failing", group.next())) {
            executor.execute(() -> {
                throw new IllegalStateException("one bad task");
            });
            executor.submit(() -> null).get(5, TimeUnit.SECONDS);
            assertThat(executor.failingRepeatedly()).as("one failure is bad luck").isFalse();

            executor.submit(() -> {
                executor.scheduleRepeating(ofMillis(5), () -> {
                    throw new IllegalArgumentException("view sequence must be positive");
                });
                return null;
            }).get(5, TimeUnit.SECONDS);

            await("the executor reports repeated failures").atMost(ofSeconds(5))
                    .until(executor::failingRepeatedly);
        }
    }

    @Test
    void tasksRunInSubmissionOrderOnOneThread() throws Exception {
        try (MemberExecutor executor = new MemberExecutor("m1", group.next())) {
            List<Integer> seen = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                executor.execute(() -> {
                    seen.add(n);
                    threads.add(Thread.currentThread().getName());
                });
            }
            assertThat(executor.submit(() -> seen.size()).get(5, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(seen).isSorted();
            assertThat(threads).hasSize(1000).containsOnly(threads.get(0));
            assertThat(executor.submit(executor::inThread).get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anEndlessStreamOfTasksDoesNotStarveTimers() throws Exception {
        try (MemberExecutor executor = new MemberExecutor("m2", group.next())) {
            AtomicInteger ticks = new AtomicInteger();
            AtomicInteger tasks = new AtomicInteger();
            AtomicBoolean flooding = new AtomicBoolean(true);
            executor.submit(() -> {
                executor.scheduleRepeating(ofMillis(1), ticks::incrementAndGet);
                return null;
            }).get(5, TimeUnit.SECONDS);
            Thread producer = new Thread(() -> {
                while (flooding.get()) {
                    for (int i = 0; i < 1000; i++) {
                        executor.execute(tasks::incrementAndGet);
                    }
                }
            });
            producer.start();
            try {
                await("the flood is under way").atMost(ofSeconds(10)).until(() -> tasks.get() > 100_000);
                int ticksDuringFlood = ticks.get();
                await("the timer fires while tasks keep coming").atMost(ofSeconds(10))
                        .until(() -> ticks.get() >= ticksDuringFlood + 3);
            } finally {
                flooding.set(false);
                producer.join();
            }
        }
    }

    @Test
    void protocolEntryPointsRejectOtherThreads() throws Exception {
        try (MemberExecutor executor = new MemberExecutor("m3", group.next())) {
            assertThatThrownBy(executor::assertInThread).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("m3");
            assertThat(executor.submit(() -> {
                executor.assertInThread();
                return executor.inThread();
            }).get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws Exception {
        try (MemberExecutor executor = new MemberExecutor("m4", group.next())) {
            executor.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            assertThat(executor.submit(() -> "alive").get(5, TimeUnit.SECONDS)).isEqualTo("alive");
        }
    }

    @Test
    void oneShotTimersRunOnceAfterTheirDelay() {
        try (MemberExecutor executor = new MemberExecutor("m5", group.next())) {
            AtomicInteger runs = new AtomicInteger();
            long start = System.nanoTime();
            AtomicInteger elapsedMillis = new AtomicInteger();
            executor.execute(() -> executor.schedule(ofMillis(50), () -> {
                runs.incrementAndGet();
                elapsedMillis.set((int) ((System.nanoTime() - start) / 1_000_000));
            }));
            await("the timer fires").atMost(ofSeconds(5)).until(() -> runs.get() == 1);
            assertThat(elapsedMillis.get()).isGreaterThanOrEqualTo(50);
            assertThat(executor.submit(runs::get).join()).isEqualTo(1);
        }
    }
}
