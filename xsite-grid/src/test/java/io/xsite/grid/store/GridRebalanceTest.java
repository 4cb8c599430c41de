package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.xsite.core.member.GridTestSites;
import io.xsite.core.member.Member;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A member joins a site holding data while writes go on: its segments arrive in small chunks, nothing is lost. */
class GridRebalanceTest {
    private static final int KEYS = 3_000;
    /** Small chunks, so each segment's transfer takes several. */
    private static final StoreSettings SMALL_CHUNKS = new StoreSettings(StoreSettings.DEFAULTS.operationTimeout(),
            StoreSettings.DEFAULTS.requestTimeout(), StoreSettings.DEFAULTS.retryDelay(), 5, 2048, 2,
            StoreSettings.DEFAULTS.sweepInterval(), StoreSettings.DEFAULTS.tombstoneLifetime(),
            StoreSettings.DEFAULTS.backupInterval());

    @Test
    void aJoinerFetchesItsSegmentsInChunksWhileWritesGoOn() {
        try (GridTestSites.InMemory site = new GridTestSites.InMemory("grid-rebalance", 5)) {
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                members.add(site.start("m" + i));
            }
            List<GridStore> grids = new ArrayList<>();
            try {
                await("one view of three").atMost(ofSeconds(30)).until(() -> members.stream()
                        .allMatch(m -> m.view() != null && m.view().size() == 3));
                members.forEach(m -> grids.add(start(m)));
                await("settled").atMost(ofSeconds(30)).until(() -> grids.stream().allMatch(GridStore::balanced));
                GridCache cache = grids.get(0).cache("default").orElseThrow();
                Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
                write(cache, 0, KEYS, "first", acknowledged).join();

                Member joiner = site.start("m3");
                CompletableFuture<Void> during = write(grids.get(1).cache("default").orElseThrow(), 0, KEYS / 2,
                        "during", acknowledged);
                await("four members").atMost(ofSeconds(30)).until(() -> joiner.view() != null
                        && joiner.view().size() == 4);
                GridStore joined = start(joiner);
                grids.add(joined);
                during.join();
                await("the rebalance ends").atMost(ofSeconds(60)).until(() -> grids.stream().allMatch(GridStore::balanced));

                GridCache fromJoiner = joined.cache("default").orElseThrow();
                List<CompletableFuture<java.util.Optional<GridEntry>>> reads = new ArrayList<>();
                for (int i = 0; i < KEYS; i++) {
                    reads.add(fromJoiner.get(key(i)));
                }
                for (int i = 0; i < KEYS; i++) {
                    assertThat(reads.get(i).join()).as("key %d", i).map(e -> new String(e.value(), UTF_8))
                            .contains(acknowledged.get(i));
                }
                String metrics = ((PrometheusMeterRegistry) joined.meterRegistry()).scrape();
                assertThat(metrics).containsPattern("xsite_grid_rebalance_entries_total\\{[^}]*\\} [1-9]");
                assertThat(joined.onThread(() -> joined.replica("default").primaryValues())).isPositive();
            } finally {
                grids.forEach(GridStore::close);
            }
        }
    }

    private static GridStore start(Member member) {
        return GridStore.start(member, GridConfig.defaults(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                SMALL_CHUNKS, System::currentTimeMillis, null);
    }

    /** Writes keys {@code from} to {@code to}, 100 at a time, remembering each acknowledged value. */
    private static CompletableFuture<Void> write(GridCache cache, int from, int to, String tag,
                                                 Map<Integer, String> acknowledged) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int batch = from; batch < to; batch += 100) {
            int start = batch;
            chain = chain.thenCompose(ignored -> {
                List<CompletableFuture<Void>> writes = new ArrayList<>();
                for (int i = start; i < Math.min(start + 100, to); i++) {
                    int k = i;
                    String value = tag + "-" + k;
                    writes.add(cache.put(key(k), value.getBytes(UTF_8)).thenRun(() -> acknowledged.put(k, value)));
                }
                return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
            });
        }
        return chain;
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(UTF_8);
    }
}
