package io.xsite.core.member;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemberExecutorTest {

    @Test
    void tasksRunInSubmissionOrderOnOneThread() throws Exception {
        try (MemberExecutor executor = new MemberExecutor("m1", System::nanoTime)) {
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
            assertThat(threads).containsOnly("m1");
        }
    }

    @Test
    void aBurstOfTasksDoesNotStarveTimers() throws Exception {
        try (MemberExecutor executor = new MemberExecutor("m2", System::nanoTime)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ticks = new AtomicInteger();
            AtomicInteger tasksWhenFirstTick = new AtomicInteger(-1);
            AtomicInteger tasks = new AtomicInteger();
            executor.execute(() -> executor.scheduleAtFixedRate(ofMillis(1), () -> {
                tasksWhenFirstTick.compareAndSet(-1, tasks.get());
                ticks.incrementAndGet();
            }));
            executor.execute(() -> awaitUninterruptibly(release));
            for (int i = 0; i < 100 * MemberExecutor.BATCH; i++) {
                executor.execute(tasks::incrementAndGet);
            }
            release.countDown();
            await("the timer fires while the burst is still being drained").atMost(ofSeconds(5))
                    .until(() -> ticks.get() > 0);
            assertThat(tasksWhenFirstTick.get()).isLessThan(100 * MemberExecutor.BATCH);
        }
    }

    @Test
    void protocolEntryPointsRejectOtherThreads() throws Exception {
        try (MemberExecutor executor = new MemberExecutor("m3", System::nanoTime)) {
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
        try (MemberExecutor executor = new MemberExecutor("m4", System::nanoTime)) {
            executor.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            assertThat(executor.submit(() -> "alive").get(5, TimeUnit.SECONDS)).isEqualTo("alive");
        }
    }

    @Test
    void oneShotTimersRunOnceAfterTheirDelay() {
        try (MemberExecutor executor = new MemberExecutor("m5", System::nanoTime)) {
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

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
