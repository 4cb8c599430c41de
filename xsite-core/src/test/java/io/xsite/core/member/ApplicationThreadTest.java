package io.xsite.core.member;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApplicationThreadTest {
    private final EventLoopGroup loop = EventLoops.create("app-thread-test-loop", 1);

    @AfterEach
    void shutDown() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void tasksQueuedFromTheMemberLoopRunAfterOneDeferredWakeUp() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        try (ApplicationThread thread = new ApplicationThread("app-from-loop", loop.next())) {
            for (int round = 0; round < 50; round++) {
                int base = round * 100;
                // Each round queues its tasks from the loop while the thread may be asleep: the wake-up comes
                // after the loop's task, and no task may be stranded until the park bound.
                loop.next().submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        int n = base + i;
                        thread.execute(() -> seen.add(n));
                    }
                }).get(5, TimeUnit.SECONDS);
                int expected = base + 100;
                await("round " + round + " delivered").atMost(ofSeconds(5)).until(() -> seen.size() == expected);
            }
        }
        assertThat(seen).isSorted().hasSize(5000);
    }

    @Test
    void tasksFromManyThreadsRunInTheirOrderOnTheOneThreadAndAFailureStopsNothing() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (ApplicationThread thread = new ApplicationThread("app-test", loop.next())) {
            Thread[] producers = new Thread[4];
            for (int p = 0; p < producers.length; p++) {
                int producer = p;
                producers[p] = new Thread(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        int n = producer * 100_000 + i;
                        thread.execute(() -> {
                            seen.add(n);
                            threads.add(Thread.currentThread().getName());
                        });
                    }
                    thread.execute(() -> {
                        throw new IllegalStateException("boom (expected by the test)");
                    });
                });
                producers[p].start();
            }
            for (Thread producer : producers) {
                producer.join();
            }
            await("every task ran").atMost(ofSeconds(30)).until(() -> seen.size() == 40_000);
        }
        assertThat(threads).containsOnly("app-test");
        for (int p = 0; p < 4; p++) {
            int producer = p;
            assertThat(seen.stream().filter(n -> n / 100_000 == producer).toList()).isSorted().hasSize(10_000);
        }
    }

    @Test
    void afterCloseTasksAreRefused() {
        ApplicationThread thread = new ApplicationThread("app-closed", loop.next());
        thread.close();
        assertThatThrownBy(() -> thread.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("app-closed");
    }
}
