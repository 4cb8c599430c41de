package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.ConflictPolicy;
import io.xsite.grid.Grid;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridException;
import io.xsite.grid.SiteComparison;
import io.xsite.grid.SiteRepair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Verify and repair between two in-memory sites (grid.md, "Verify and repair"): writes whose backups were lost
 * during a cut leave the sites different; verify names exactly the segments they are in, repair sends them both
 * ways, and the sites end equal with the conflict policy's winners, removals included.
 */
class SiteVerifyTest {
    private static final int KEYS = 100;

    @Test
    void verifyNamesTheSegmentsWhoseBackupsWereLostAndRepairMakesBothSitesEqual() {
        try (GridSites sites = new GridSites(31, List.of("nyc", "sfc"), 3, backingUpEachOther("default"))) {
            CompletableFuture.allOf(IntStream.range(0, KEYS).mapToObj(i -> sites.cache("nyc")
                    .put(key("key-" + i), ("v" + i).getBytes(UTF_8))).toArray(CompletableFuture[]::new)).join();
            SiteBackupTest.awaitQuiet(sites);
            assertThat(verify(sites, "nyc", "sfc").same()).as("equal before the cut").isTrue();

            sites.cut("nyc", "sfc");
            write(sites, "nyc", "key-1", "from-nyc");
            sites.cache("nyc").remove(key("key-2")).join();
            write(sites, "nyc", "fresh-at-nyc", "x");
            write(sites, "sfc", "key-1", "from-sfc");
            write(sites, "sfc", "key-3", "from-sfc");
            // Their backups are lost: each site's primaries take them as acknowledged, so nothing is sent later.
            forget(sites, "nyc", "sfc", "key-1", "key-2", "fresh-at-nyc");
            forget(sites, "sfc", "nyc", "key-1", "key-3");
            sites.heal();
            SiteBackupTest.awaitQuiet(sites);

            SiteComparison comparison = verify(sites, "nyc", "sfc");
            assertThat(comparison.differences()).extracting(SiteComparison.SegmentDifference::segment)
                    .containsExactlyElementsOf(segments("key-1", "key-2", "fresh-at-nyc", "key-3"));
            assertThat(comparison.keys()).isEqualTo(sites.contents("nyc").size()).isEqualTo(KEYS);
            assertThat(comparison.otherKeys()).isEqualTo(sites.contents("sfc").size()).isEqualTo(KEYS);
            assertThat(verify(sites, "sfc", "nyc").differences()).extracting(SiteComparison.SegmentDifference::segment)
                    .containsExactlyElementsOf(segments("key-1", "key-2", "fresh-at-nyc", "key-3"));

            SiteRepair repair = grid(sites, "nyc").repair("sfc", "default").join();

            assertThat(repair.before()).isEqualTo(comparison);
            assertThat(repair.after().same()).as("after the repair: %s", repair.after()).isTrue();
            Map<String, String> nyc = sites.contents("nyc");
            assertThat(nyc).containsEntry("key-1", "from-sfc").doesNotContainKey("key-2")
                    .containsEntry("fresh-at-nyc", "x").containsEntry("key-3", "from-sfc").hasSize(KEYS);
            assertThat(sites.contents("sfc")).isEqualTo(nyc);
            assertThat(verify(sites, "sfc", "nyc").same()).isTrue();
        }
    }

    @Test
    void verifyRefusesAnUnknownCacheAndRepairACacheWithoutBackups() {
        try (GridSites sites = new GridSites(32, List.of("nyc", "sfc"), 2, site -> new GridConfig(List.of(
                CacheConfig.named("default").withBackups(List.of(BackupConfig.to(other(site),
                        BackupConfig.Strategy.ASYNC))), CacheConfig.named("local"))))) {
            write(sites, "nyc", "only-at-nyc", "x");
            sites.nodes("nyc").forEach(n -> n.grid().cache("local").orElseThrow().put(key("k"), new byte[1]).join());

            assertThat(grid(sites, "nyc").verify("sfc", "local").join().differences()).hasSize(1);
            assertThatThrownBy(() -> grid(sites, "nyc").repair("sfc", "local").join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(GridException.class)
                    .hasMessageContaining("no backup sites");
            assertThatThrownBy(() -> grid(sites, "nyc").verify("sfc", "nothing").join())
                    .hasCauseInstanceOf(GridException.class).hasMessageContaining("no cache nothing");
            assertThatThrownBy(() -> grid(sites, "nyc").verify("nyc", "default").join())
                    .hasMessageContaining("own site");
        }
    }

    /** Caches named {@code names}, each backed up asynchronously to the other site, sfc's writes winning conflicts. */
    static java.util.function.Function<String, GridConfig> backingUpEachOther(String... names) {
        return site -> new GridConfig(java.util.Arrays.stream(names).map(name -> CacheConfig.named(name)
                .withConflicts(new ConflictPolicy.PreferSite("sfc"))
                .withBackups(List.of(BackupConfig.to(other(site), BackupConfig.Strategy.ASYNC)))).toList());
    }

    /**
     * Makes the primaries of {@code site} take their entries of {@code keys} as acknowledged by {@code by}, as if
     * the backup had been applied there: the write is never sent (a backup lost).
     */
    static void forget(GridSites sites, String site, String by, String... keys) {
        for (GridSites.Node node : sites.nodes(site)) {
            node.grid().onThread(() -> {
                CacheReplica replica = node.grid().replica("default");
                List<Map.Entry<StoredKey, Long>> versions = new ArrayList<>();
                for (String name : keys) {
                    StoredKey stored = StoredKey.of(key(name));
                    if (node.member().address().equals(replica.primaryOf(stored))) {
                        versions.add(Map.entry(stored, replica.held(stored).version()));
                    }
                }
                replica.acknowledge(by, versions);
                return versions.size();
            });
        }
    }

    private static SiteComparison verify(GridSites sites, String site, String other) {
        return grid(sites, site).verify(other, "default").join();
    }

    /** A member of {@code site} that is not its site master (the last started). */
    private static Grid grid(GridSites sites, String site) {
        List<GridSites.Node> nodes = sites.nodes(site);
        return nodes.get(nodes.size() - 1).grid();
    }

    private static void write(GridSites sites, String site, String key, String value) {
        sites.cache(site).put(key(key), value.getBytes(UTF_8)).join();
    }

    private static Set<Integer> segments(String... keys) {
        Set<Integer> segments = new TreeSet<>();
        for (String name : keys) {
            segments.add(StoredKey.of(key(name)).segment(CacheConfig.named("default").segments()));
        }
        return segments;
    }

    private static String other(String site) {
        return site.equals("nyc") ? "sfc" : "nyc";
    }

    private static byte[] key(String name) {
        return name.getBytes(UTF_8);
    }
}
