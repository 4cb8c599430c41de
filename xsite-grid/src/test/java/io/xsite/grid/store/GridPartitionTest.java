package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The majority side of a partition writes; the minority answers CLUSTER_DOWN until the partition heals. */
class GridPartitionTest {

    @Test
    void minorityAnswersClusterDownAndCatchesUpAfterTheHeal() {
        try (GridTestSites.InMemory site = new GridTestSites.InMemory("grid-partition", 42)) {
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                members.add(site.start("m" + i));
            }
            List<GridStore> grids = Grids.start(members, GridConfig.defaults());
            try {
                GridCache majority = grids.get(0).cache("default").orElseThrow();
                GridCache minority = grids.get(2).cache("default").orElseThrow();
                for (int i = 0; i < 100; i++) {
                    majority.put(key(i), "before".getBytes(UTF_8)).join();
                }

                site.partition(members.subList(2, 3), members.subList(0, 2));
                await("the minority sees itself alone").atMost(ofSeconds(30))
                        .until(() -> members.get(2).view().size() == 1 && members.get(0).view().size() == 2);

                await("the minority's grid refuses writes").atMost(ofSeconds(10))
                        .until(() -> !grids.get(2).status().writable());
                assertThat(minority.put(key(0), "lost".getBytes(UTF_8))).failsWithin(ofSeconds(15))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .havingCause().isInstanceOf(GridException.class)
                        .satisfies(e -> assertThat(((GridException) e).reason())
                                .isEqualTo(GridException.Reason.CLUSTER_DOWN));
                assertThat(minority.get(key(1))).failsWithin(ofSeconds(15))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .havingCause().isInstanceOf(GridException.class);
                await("the majority serves every key").atMost(ofSeconds(30)).ignoreExceptionsInstanceOf(
                        CompletionException.class).untilAsserted(() -> {
                            for (int i = 0; i < 100; i++) {
                                majority.put(key(i), "during".getBytes(UTF_8)).join();
                            }
                        });

                site.heal();
                await("merged and caught up").atMost(ofSeconds(60)).until(() -> members.stream()
                        .allMatch(m -> m.view().size() == 3) && grids.stream().allMatch(GridStore::balanced));
                assertThat(grids.get(2).status().writable()).isTrue();
                for (int i = 0; i < 100; i++) {
                    assertThat(minority.get(key(i)).join()).map(GridEntry::value).map(v -> new String(v, UTF_8))
                            .contains("during");
                }
            } finally {
                grids.forEach(GridStore::close);
            }
        }
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(UTF_8);
    }
}
