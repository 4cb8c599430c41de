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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Three members on loopback tcp: the data survives the crash of one, and rebalance restores two copies. */
class GridStoreTcpTest {
    private static final int KEYS = 2_000;

    @Test
    void everyKeySurvivesTheCrashOfOneMemberAndEndsWithTwoCopies() {
        try (GridTestSites.Loopback site = new GridTestSites.Loopback("grid-tcp", 3)) {
            List<Member> members = site.startAll();
            List<GridStore> grids = Grids.start(members, GridConfig.defaults());
            try {
                GridCache cache = grids.get(0).cache("default").orElseThrow();
                for (int batch = 0; batch < KEYS; batch += 200) {
                    List<CompletableFuture<Void>> writes = new ArrayList<>();
                    for (int i = batch; i < batch + 200; i++) {
                        writes.add(cache.put(key(i), ("value-" + i).getBytes(UTF_8)));
                    }
                    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                }
                assertThat(cache.size().join()).isEqualTo(KEYS);

                members.get(2).simulateCrash();
                grids.remove(2).close();
                await("two members in one view").atMost(ofSeconds(15)).until(() -> members.subList(0, 2).stream()
                        .allMatch(m -> m.view().size() == 2));
                await("rebalance ends").atMost(ofSeconds(20)).until(() -> grids.stream().allMatch(GridStore::balanced));

                GridCache other = grids.get(1).cache("default").orElseThrow();
                List<CompletableFuture<Optional<GridEntry>>> reads = new ArrayList<>();
                for (int i = 0; i < KEYS; i++) {
                    reads.add(other.get(key(i)));
                }
                for (int i = 0; i < KEYS; i++) {
                    Optional<GridEntry> entry = reads.get(i).join();
                    assertThat(entry).as("key %d", i).isPresent();
                    assertThat(new String(entry.get().value(), UTF_8)).isEqualTo("value-" + i);
                }
                assertThat(other.size().join()).isEqualTo(KEYS);
                for (int i = 0; i < KEYS; i++) {
                    StoredKey key = StoredKey.of(key(i));
                    List<StoredEntry> copies = grids.stream().map(g -> g.onThread(() -> g.replica("default").held(key)))
                            .toList();
                    assertThat(copies).as("both copies of key %d", i).doesNotContainNull();
                    assertThat(new String(copies.get(0).value(), UTF_8)).isEqualTo(new String(copies.get(1).value(), UTF_8));
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
