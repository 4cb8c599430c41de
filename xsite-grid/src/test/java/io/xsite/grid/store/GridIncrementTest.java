package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Concurrent increments of one key from two members while the key's primary crashes: every acknowledged
 * increment counts, and a retried one counts once (its write id is remembered with its result).
 */
class GridIncrementTest {
    private static final byte[] COUNTER = "counter".getBytes(UTF_8);
    private static final int CLIENTS = 8;
    private static final int INCREMENTS = 60;

    @Test
    void noIncrementIsLostOrCountedTwiceAcrossAPrimaryCrash() {
        try (GridTestSites.Loopback site = new GridTestSites.Loopback("grid-incr", 3)) {
            List<Member> members = site.startAll();
            List<GridStore> grids = Grids.start(members, GridConfig.defaults());
            try {
                StoredKey key = StoredKey.of(COUNTER);
                int primary = members.indexOf(members.stream().filter(m -> m.address().equals(
                        grids.get(0).onThread(() -> grids.get(0).replica("default").primaryOf(key)))).findFirst()
                        .orElseThrow());
                List<GridCache> clients = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    if (i != primary) {
                        clients.add(grids.get(i).cache("default").orElseThrow());
                    }
                }
                AtomicInteger acknowledged = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                List<CompletableFuture<Void>> chains = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    chains.add(increments(clients.get(c % clients.size()), INCREMENTS, acknowledged, failed));
                }

                await("a third of the increments are done").atMost(ofSeconds(30))
                        .until(() -> acknowledged.get() >= CLIENTS * INCREMENTS / 3);
                members.get(primary).simulateCrash();
                grids.get(primary).close();
                CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();

                long value = Long.parseLong(new String(clients.get(0).get(COUNTER).join().orElseThrow().value(), UTF_8));
                assertThat(acknowledged.get() + failed.get()).isEqualTo(CLIENTS * INCREMENTS);
                assertThat(value).as("acknowledged %d, failed %d", acknowledged.get(), failed.get())
                        .isBetween((long) acknowledged.get(), (long) acknowledged.get() + failed.get());
                assertThat(failed.get()).as("increments that timed out across the crash").isZero();
            } finally {
                grids.forEach(GridStore::close);
            }
        }
    }

    /** {@code count} increments one after the other, counting how each ended. */
    private static CompletableFuture<Void> increments(GridCache cache, int count, AtomicInteger acknowledged,
                                                      AtomicInteger failed) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < count; i++) {
            chain = chain.thenCompose(ignored -> cache.write(COUNTER, new GridWrite.Increment(1)).handle((r, e) -> {
                (e == null ? acknowledged : failed).incrementAndGet();
                return null;
            }));
        }
        return chain;
    }
}
