package io.xsite.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting members together: all at once, results in order, and nothing left running after a failure. */
class StartTogetherTest {
    @Test
    void everyStartRunsAtTheSameTimeAndResultsKeepTheItemOrder() {
        List<Integer> items = List.of(1, 2, 3, 4, 5);
        CountDownLatch allStarted = new CountDownLatch(items.size());
        Set<String> threads = ConcurrentHashMap.newKeySet();

        List<String> results = StartTogether.run(items, item -> {
            threads.add(Thread.currentThread().getName() + "@" + Thread.currentThread().getId());
            allStarted.countDown();
            try {
                // Only when every start runs at once can each see all of them begun.
                assertThat(allStarted.await(10, TimeUnit.SECONDS)).as("all starts ran together").isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "started " + item;
        }, result -> { });

        assertThat(results).containsExactly("started 1", "started 2", "started 3", "started 4", "started 5");
        assertThat(threads).hasSize(5);
    }

    @Test
    void aFailedStartUndoesTheOthersAndIsRethrown() {
        List<String> undone = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> StartTogether.run(List.of("a", "b", "c"), item -> {
            if (item.equals("b")) {
                throw new IllegalStateException("port of b taken");
            }
            return item;
        }, undone::add)).isInstanceOf(IllegalStateException.class).hasMessage("port of b taken");
        assertThat(undone).containsExactlyInAnyOrder("a", "c");
    }
}
