package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.grid.BackupAction;
import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.ConflictPolicy;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridStatus;
import io.xsite.grid.GridWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Two sites back each other up (grid.md, "Between sites"): sync, async, conflicts and counters. */
class SiteBackupTest {

    private static Function<String, GridConfig> backingUpEachOther(BackupConfig.Strategy strategy,
                                                                   ConflictPolicy policy) {
        return site -> new GridConfig(List.of(CacheConfig.named("default").withConflicts(policy).withBackups(
                List.of(BackupConfig.to(site.equals("nyc") ? "sfc" : "nyc", strategy)))));
    }

    @Test
    void everyWriteAcknowledgedAtNycWithSyncBackupReadsBackAtSfcAfterNycIsGone() {
        try (GridSites sites = new GridSites(11, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.SYNC, ConflictPolicy.LAST_WRITER_WINS))) {
            writeAtNycThenCrashIt(sites, 300);

            for (int i = 0; i < 300; i++) {
                Optional<GridEntry> read = sites.cache("sfc").get(key(i)).join();
                assertThat(read).as("key %d at sfc", i).map(e -> new String(e.value(), UTF_8)).contains("v" + i);
            }
        }
    }

    @Test
    void aSiteThatLostEverythingGetsItAllBackWhenTheOtherPushesItsState() {
        try (GridSites sites = new GridSites(14, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.SYNC, ConflictPolicy.LAST_WRITER_WINS))) {
            writeAtNycThenCrashIt(sites, 300);
            assertThat(sites.owed("sfc")).as("sfc took nyc's writes and owes nyc nothing of them").isZero();

            String pushing = sites.nodes("sfc").get(0).grid().changeBackup("default", "nyc", BackupAction.PUSH_STATE)
                    .join();
            assertThat(pushing.lines()).as("every member of sfc starts a push to nyc, while nyc is down").hasSize(3)
                    .allMatch(line -> line.contains(": pushing "));
            sites.startSite("nyc", 3);

            await("every member of sfc has pushed its segments to nyc").atMost(ofSeconds(60)).until(() ->
                    sites.nodes("sfc").stream().map(node -> node.grid().status().caches().get(0).backups().get(0))
                            .allMatch(nyc -> nyc.push() != null && nyc.push().done()));
            awaitQuiet(sites);
            Map<String, String> sfc = sites.contents("sfc");
            assertThat(sfc).hasSize(300).containsEntry("key-0", "v0").containsEntry("key-299", "v299");
            assertThat(sites.contents("nyc")).isEqualTo(sfc);
            assertThat(sites.nodes("sfc").stream().mapToLong(node -> node.grid().status().caches().get(0).backups()
                    .get(0).push().entriesSent()).sum()).as("each key pushed once, by its primary").isEqualTo(300);
        }
    }

    @Test
    void asyncBackupsConvergeAndTheRpoDrainsToZero() {
        try (GridSites sites = new GridSites(12, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.ASYNC, ConflictPolicy.LAST_WRITER_WINS))) {
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                writes.add(sites.cache(i % 2 == 0 ? "nyc" : "sfc").put(key(i), ("v" + i).getBytes(UTF_8)));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
            for (int round = 0; round < 50; round++) {
                sites.cache("nyc").put(key(0), ("hot" + round).getBytes(UTF_8)).join();
            }
            sites.cache("sfc").remove(key(1)).join();

            awaitQuiet(sites);
            Map<String, String> nyc = sites.contents("nyc");
            assertThat(nyc).hasSize(199).containsEntry("key-0", "hot49").doesNotContainKey("key-1");
            assertThat(sites.contents("sfc")).isEqualTo(nyc);
            await("the RPO at nyc shows nothing pending").atMost(ofSeconds(10)).untilAsserted(() ->
                    assertThat(sites.nodes("nyc")).allSatisfy(node -> {
                        GridStatus.BackupStatus sfc = node.grid().status().caches().get(0).backups().get(0);
                        assertThat(sfc.site()).isEqualTo("sfc");
                        assertThat(sfc.pendingKeys()).isZero();
                    }));
        }
    }

    @Test
    void theRpoInTheStatusCountsEveryWriteNotYetAcknowledgedUpToTheMomentItIsAsked() {
        try (GridSites sites = new GridSites(14, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.ASYNC, ConflictPolicy.LAST_WRITER_WINS))) {
            sites.cut("nyc", "sfc");
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                writes.add(sites.cache("nyc").put(key(i), ("v" + i).getBytes(UTF_8)));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();

            // Asked at once, well within the second between two sweeps: what sfc would lose if nyc went now.
            long pending = sites.nodes("nyc").stream().mapToLong(node ->
                    node.grid().status().caches().get(0).backups().get(0).pendingKeys()).sum();
            assertThat(pending).as("keys nyc's members report owed to sfc, right after the writes").isEqualTo(100);
        }
    }

    @Test
    void conflictingWritesDuringACutEndWithThePolicysWinnerAndCountersAddUp() {
        try (GridSites sites = new GridSites(13, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.ASYNC, new ConflictPolicy.PreferSite("sfc")))) {
            sites.cache("nyc").write(key(7), new GridWrite.Increment(100)).join();
            sites.cache("nyc").put(key(2), "before".getBytes(UTF_8)).join();
            awaitQuiet(sites);
            sites.cut("nyc", "sfc");

            sites.cache("nyc").put(key(1), "from-nyc".getBytes(UTF_8)).join();
            sites.cache("sfc").put(key(1), "from-sfc".getBytes(UTF_8)).join();
            sites.cache("nyc").put(key(2), "nyc-only".getBytes(UTF_8)).join();
            sites.cache("sfc").remove(key(2)).join();
            for (int i = 0; i < 5; i++) {
                sites.cache("nyc").write(key(7), new GridWrite.Increment(3)).join();
                sites.cache("sfc").write(key(7), new GridWrite.Increment(-1)).join();
            }
            sites.heal();

            awaitQuiet(sites);
            Map<String, String> nyc = sites.contents("nyc");
            assertThat(nyc).containsEntry("key-1", "from-sfc").containsEntry("key-7", "110").doesNotContainKey("key-2");
            assertThat(sites.contents("sfc")).isEqualTo(nyc);
        }
    }

    /** Writes keys 0 to {@code count - 1} at nyc ({@code v0}, ...), each acknowledged, then crashes every nyc member. */
    private static void writeAtNycThenCrashIt(GridSites sites, int count) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(sites.cache("nyc").put(key(i), ("v" + i).getBytes(UTF_8)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        sites.crashSite("nyc");
    }

    /** Waits until no primary of any site owes a backup site anything. */
    static void awaitQuiet(GridSites sites) {
        await("every backup acknowledged").atMost(ofSeconds(60)).until(() -> sites.siteNames().stream()
                .allMatch(site -> sites.owed(site) == 0));
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(UTF_8);
    }
}
