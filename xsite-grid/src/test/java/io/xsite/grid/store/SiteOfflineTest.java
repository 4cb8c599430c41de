package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.grid.BackupAction;
import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.ConflictPolicy;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Offline and back, and state transfer (grid.md, "Between sites"): nyc and sfc back each other up; a cut takes
 * sfc offline at nyc by policy, bringing it online catches up from the tracked keys, or, past the tracking bound,
 * pushes the whole cache, deletes included; a push never overwrites what sfc wrote after it began.
 */
class SiteOfflineTest {
    private static final Duration TIMEOUT = ofMillis(500);

    /**
     * nyc backs up to sfc with {@code strategy}, sfc to nyc async; both take the other offline after 3 failed
     * requests over 200 ms, tracking up to {@code maxTrackedKeys} keys per member.
     */
    private static Function<String, GridConfig> backingUpEachOther(BackupConfig.Strategy strategy, long maxTrackedKeys) {
        return backingUpEachOther(strategy, new BackupConfig.TakeOffline(3, ofMillis(200), maxTrackedKeys));
    }

    private static Function<String, GridConfig> backingUpEachOther(BackupConfig.Strategy strategy,
                                                                   BackupConfig.TakeOffline policy) {
        return site -> new GridConfig(List.of(CacheConfig.named("default").withConflicts(ConflictPolicy.LAST_WRITER_WINS)
                .withBackups(List.of(site.equals("nyc")
                        ? new BackupConfig("sfc", strategy, TIMEOUT, BackupConfig.FailurePolicy.WARN, policy)
                        : new BackupConfig("nyc", BackupConfig.Strategy.ASYNC, TIMEOUT, BackupConfig.FailurePolicy.WARN,
                                policy)))));
    }

    @Test
    void aCutTakesTheSiteOfflineByPolicyAndBringingItOnlineCatchesUpFromTheTrackedKeys() {
        try (GridSites sites = new GridSites(21, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.SYNC, 10_000))) {
            putAll(sites, "nyc", 0, 100, "v");
            SiteBackupTest.awaitQuiet(sites);
            sites.cut("nyc", "sfc");

            putAll(sites, "nyc", 100, 200, "v");
            IntStream.range(0, 10).forEach(i -> sites.cache("nyc").remove(key(i)).join());
            await("sfc offline at every nyc member").atMost(ofSeconds(30)).untilAsserted(() ->
                    assertThat(backupStatus(sites, "nyc")).allSatisfy(sfc -> {
                        assertThat(sfc.state()).isEqualTo("offline");
                        assertThat(sfc.tracking()).isTrue();
                    }));
            sites.heal();
            await("nothing reaches sfc while it is offline").during(ofMillis(500)).atMost(ofSeconds(5))
                    .until(() -> !sites.contents("sfc").containsKey("key-150"));

            String outcome = sites.nodes("nyc").get(0).grid().changeBackup("default", "sfc",
                    BackupAction.BRING_ONLINE).join();

            assertThat(outcome.lines()).hasSize(3).allSatisfy(line -> assertThat(line).contains("catching-up (was offline)"));
            SiteBackupTest.awaitQuiet(sites);
            Map<String, String> nyc = sites.contents("nyc");
            assertThat(nyc).hasSize(190).doesNotContainKey("key-0").containsEntry("key-150", "v150");
            assertThat(sites.contents("sfc")).isEqualTo(nyc);
            await("sfc online at every nyc member").atMost(ofSeconds(10)).untilAsserted(() ->
                    assertThat(backupStatus(sites, "nyc")).allSatisfy(sfc -> {
                        assertThat(sfc.state()).isEqualTo("online");
                        assertThat(sfc.push()).as("no state transfer").isNull();
                    }));
        }
    }

    @Test
    void pastTheTrackingBoundBringingTheSiteOnlinePushesTheWholeCacheDeletesIncluded() {
        StoreSettings quickTombstones = new StoreSettings(ofSeconds(10), ofSeconds(10), ofMillis(25), 50, 512 * 1024,
                8, ofMillis(100), ofMillis(200), ofMillis(10));
        try (GridSites sites = new GridSites(22, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.ASYNC, 20), quickTombstones)) {
            putAll(sites, "nyc", 0, 300, "v");
            SiteBackupTest.awaitQuiet(sites);
            sites.cut("nyc", "sfc");

            putAll(sites, "nyc", 300, 600, "v");
            putAll(sites, "nyc", 100, 150, "changed");
            IntStream.range(0, 50).forEach(i -> sites.cache("nyc").remove(key(i)).join());
            await("sfc offline and untracked at every nyc member").atMost(ofSeconds(30)).untilAsserted(() ->
                    assertThat(backupStatus(sites, "nyc")).allSatisfy(sfc -> {
                        assertThat(sfc.state()).isEqualTo("offline");
                        assertThat(sfc.tracking()).isFalse();
                        assertThat(sfc.pendingKeys()).isZero();
                    }));
            await("nyc swept its tombstones: the deletes travel as ranges").atMost(ofSeconds(10))
                    .until(() -> sites.tombstones("nyc") == 0);
            sites.heal();

            String outcome = sites.nodes("nyc").get(0).grid().changeBackup("default", "sfc",
                    BackupAction.BRING_ONLINE).join();

            assertThat(outcome.lines()).hasSize(3).allSatisfy(line -> assertThat(line).contains("pushing"));
            await("the state transfer done at every nyc member").atMost(ofSeconds(30)).untilAsserted(() ->
                    assertThat(backupStatus(sites, "nyc")).allSatisfy(sfc -> {
                        assertThat(sfc.state()).isEqualTo("online");
                        assertThat(sfc.tracking()).isTrue();
                        assertThat(sfc.push().done()).isTrue();
                        assertThat(sfc.push().segmentsDone()).isEqualTo(sfc.push().segments());
                    }));
            SiteBackupTest.awaitQuiet(sites);
            Map<String, String> nyc = sites.contents("nyc");
            assertThat(nyc).hasSize(550).doesNotContainKeys("key-0", "key-49").containsEntry("key-120", "changed120")
                    .containsEntry("key-599", "v599");
            assertThat(sites.contents("sfc")).isEqualTo(nyc);
        }
    }

    @Test
    void aPushCarriesDeletesButKeepsWhatTheReceiverWroteAfterItBegan() {
        // Offline by hand only: chunks held past their timeout must not take sfc offline by policy.
        try (GridSites sites = new GridSites(23, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.ASYNC, BackupConfig.TakeOffline.NEVER))) {
            putAll(sites, "nyc", 0, 300, "v");
            SiteBackupTest.awaitQuiet(sites);
            // sfc keeps its writes to itself until the push is over, so nyc cannot hand them back in the push.
            sites.nodes("sfc").get(0).grid().changeBackup("default", "nyc", BackupAction.TAKE_OFFLINE).join();
            sites.cache("sfc").put(key(1000), "before-the-push".getBytes(UTF_8)).join();
            sites.holdAfter("nyc", "sfc", 1);

            sites.nodes("nyc").get(0).grid().changeBackup("default", "sfc", BackupAction.PUSH_STATE).join();
            await("sfc applied the push's first chunk").atMost(ofSeconds(10)).until(() ->
                    backupStatus(sites, "nyc").stream().anyMatch(s -> s.push() != null && s.push().segmentsDone() > 0));
            sites.cache("sfc").put(key(7), "sfc-after-it-began".getBytes(UTF_8)).join();
            sites.cache("sfc").put(key(1001), "sfc-only".getBytes(UTF_8)).join();
            sites.release();

            await("the state transfer done at every nyc member").atMost(ofSeconds(30)).untilAsserted(() ->
                    assertThat(backupStatus(sites, "nyc")).allSatisfy(sfc -> assertThat(sfc.push().done()).isTrue()));
            Map<String, String> sfc = sites.contents("sfc");
            assertThat(sfc).hasSize(301).containsEntry("key-7", "sfc-after-it-began")
                    .containsEntry("key-1001", "sfc-only").containsEntry("key-8", "v8").doesNotContainKey("key-1000");

            sites.nodes("sfc").get(0).grid().changeBackup("default", "nyc", BackupAction.BRING_ONLINE).join();
            SiteBackupTest.awaitQuiet(sites);
            assertThat(sites.contents("nyc")).isEqualTo(sites.contents("sfc")).isEqualTo(sfc);
        }
    }

    @Test
    void syncWritesStopWaitingForASiteTakenOfflineByHand() {
        try (GridSites sites = new GridSites(24, List.of("nyc", "sfc"), 3,
                backingUpEachOther(BackupConfig.Strategy.SYNC, 10_000))) {
            sites.holdAfter("nyc", "sfc", 0);
            long waited = timed(() -> sites.cache("nyc").put(key(1), "waits".getBytes(UTF_8)).join());
            assertThat(waited).as("a sync write waits for the silent site").isGreaterThanOrEqualTo(TIMEOUT.toMillis());

            String outcome = sites.nodes("nyc").get(1).grid().changeBackup("default", "sfc",
                    BackupAction.TAKE_OFFLINE).join();

            assertThat(outcome.lines()).hasSize(3).allSatisfy(line -> assertThat(line).contains("offline"));
            long quick = timed(() -> sites.cache("nyc").put(key(2), "offline".getBytes(UTF_8)).join());
            assertThat(quick).as("a sync write with sfc offline").isLessThan(TIMEOUT.toMillis());
            assertThat(backupStatus(sites, "nyc")).allSatisfy(s -> assertThat(s.state()).isEqualTo("offline"));
            sites.release();
        }
    }

    private static long timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void putAll(GridSites sites, String site, int from, int to, String prefix) {
        IntStream.range(from, to).forEach(i -> sites.cache(site).put(key(i), (prefix + i).getBytes(UTF_8)).join());
    }

    /** The status of the one backup site of cache default, at every member of {@code site}. */
    private static List<GridStatus.BackupStatus> backupStatus(GridSites sites, String site) {
        return sites.nodes(site).stream().map(n -> n.grid().status().caches().get(0).backups().get(0)).toList();
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(UTF_8);
    }
}
