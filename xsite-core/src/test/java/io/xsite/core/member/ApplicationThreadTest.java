package io.xsite.core.member;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class ApplicationThreadTest {

    @Test
    void tasksFromManyThreadsRunInTheirOrderOnTheOneThreadAndAFailureStopsNothing() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (ApplicationThread thread = new ApplicationThread("app-test")) {
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
            await("every task ran").atMost(ofSeconds(10)).until(() -> seen.size() == 40_000);
        }
        assertThat(threads).containsOnly("app-test");
        for (int p = 0; p < 4; p++) {
            int producer = p;
            assertThat(seen.stream().filter(n -> n / 100_000 == producer).toList()).isSorted().hasSize(10_000);
        }
    }

    @Test
    void afterCloseTasksAreRefused() {
        ApplicationThread thread = new ApplicationThread("app-closed");
        thread.close();
        assertThatThrownBy(() -> thread.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("app-closed");
    }
}
