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
import io.xsite.grid.GridStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A site that lost everything (nyc) gets the other's state pushed while its members start again one by one and
 * one of them crashes (grid.md, "State transfer"; the demo's step "push sfc's state to nyc and restart nyc's
 * members"): the pushed chunks race the segments nyc's members move between them, on a slow network whose
 * messages and views interleave as on a loaded host (a view state may come after the next view). Seeded
 * schedules: members start in bursts or once the push applied a seeded share; the crash comes once nyc is at rest
 * (one failure at a time). Once the push ended and nyc is at rest again, nyc holds what sfc holds (contents and
 * verify), every owner holds its primary's values, and sfc's members pushed every segment they started with.
 */
class StatePushRebalanceTest {
    private static final int KEYS = 600;
    private static final int REMOVED = 60;
    /** Requests to members give up after 2 s, not 10: a crashed member's requests are sent elsewhere sooner. */
    private static final StoreSettings SETTINGS = new StoreSettings(StoreSettings.DEFAULTS.operationTimeout(),
            Duration.ofSeconds(2), StoreSettings.DEFAULTS.retryDelay(), StoreSettings.DEFAULTS.chunkEntries(),
            StoreSettings.DEFAULTS.chunkBytes(), StoreSettings.DEFAULTS.fetchParallelism(),
            StoreSettings.DEFAULTS.sweepInterval(), StoreSettings.DEFAULTS.tombstoneLifetime(),
            StoreSettings.DEFAULTS.backupInterval());

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5})
    void nycRestartingMemberByMemberEndsWithEverythingSfcPushed(long seed) {
        Random random = new Random(seed);
        try (GridSites sites = new GridSites(seed, List.of("nyc", "sfc"), 3, StatePushRebalanceTest::syncToOther,
                SETTINGS)) {
            writeAtNycThenCrashIt(sites);
            sites.slow("nyc", Duration.ofMillis(2), Duration.ofMillis(30));
            String pushing = sites.nodes("sfc").get(0).grid().changeBackup("default", "nyc", BackupAction.PUSH_STATE)
                    .join();
            assertThat(pushing.lines()).allMatch(line -> line.contains(": pushing "));

            // Four starts and one crash, once three members run (with two, the one left holds no majority) and
            // their rebalance ended (one failure at a time), some once the push applied a seeded share.
            List<Boolean> crashes = new ArrayList<>(List.of(false, false, false, false));
            crashes.add(3 + random.nextInt(2), true);
            double[] shares = random.doubles(crashes.size(), 0, 0.8).sorted().toArray();
            for (int step = 0; step < crashes.size(); step++) {
                if (step > 0 && random.nextInt(3) == 0) {
                    awaitPushed(sites, (long) (shares[step] * KEYS));
                }
                if (crashes.get(step)) {
                    List<GridSites.Node> nyc = sites.nodes("nyc");
                    sites.awaitBalanced("nyc");
                    sites.crash("nyc", nyc.get(random.nextInt(nyc.size())));
                } else {
                    sites.startMember("nyc");
                }
            }

            await("every member of sfc has pushed its segments to nyc").atMost(ofSeconds(60)).until(() ->
                    pushes(sites).stream().allMatch(GridStatus.PushProgress::done));
            sites.awaitBalanced();
            SiteBackupTest.awaitQuiet(sites);

            Map<String, String> sfc = sites.contents("sfc");
            assertThat(sfc).as("seed %d", seed).hasSize(KEYS - REMOVED);
            assertThat(differing(sites.contents("nyc"), sfc)).as("keys nyc holds otherwise than sfc (seed %d)", seed)
                    .isEmpty();
            assertThat(sites.nodes("sfc").get(0).grid().verify("nyc", "default").join().differences())
                    .as("verify of sfc against nyc (seed %d)", seed).isEmpty();
            assertThat(pushes(sites)).as("no segment skipped (seed %d)", seed)
                    .allMatch(push -> push.segmentsDone() == push.segments());
            assertOwnersHoldTheirPrimarysCopy(sites, seed);
        }
    }

    private static GridConfig syncToOther(String site) {
        return new GridConfig(List.of(CacheConfig.named("default").withConflicts(ConflictPolicy.LAST_WRITER_WINS)
                .withBackups(List.of(new BackupConfig(site.equals("nyc") ? "sfc" : "nyc", BackupConfig.Strategy.SYNC,
                        Duration.ofSeconds(2), BackupConfig.FailurePolicy.WARN, BackupConfig.TakeOffline.NEVER)))));
    }

    /** Writes every key at nyc (each acknowledged by sfc too), removes some, then crashes every nyc member. */
    private static void writeAtNycThenCrashIt(GridSites sites) {
        CompletableFuture.allOf(IntStream.range(0, KEYS).mapToObj(i -> sites.cache("nyc").put(key(i),
                ("v" + i).getBytes(UTF_8))).toArray(CompletableFuture[]::new)).join();
        CompletableFuture.allOf(IntStream.range(0, REMOVED).mapToObj(i -> sites.cache("nyc").remove(key(i * 7)))
                .toArray(CompletableFuture[]::new)).join();
        SiteBackupTest.awaitQuiet(sites);
        sites.crashSite("nyc");
    }

    private static void awaitPushed(GridSites sites, long entries) {
        await("the push applied " + entries + " entries").atMost(ofSeconds(60)).until(() -> pushes(sites).stream()
                .mapToLong(GridStatus.PushProgress::entriesSent).sum() >= entries);
    }

    private static List<GridStatus.PushProgress> pushes(GridSites sites) {
        return sites.nodes("sfc").stream().map(node -> node.grid().status().caches().get(0).backups().get(0).push())
                .toList();
    }

    /** Every owner of each key's segment at nyc holds the key's value, or no value, as its primary does. */
    private static void assertOwnersHoldTheirPrimarysCopy(GridSites sites, long seed) {
        Map<String, String> primaries = sites.contents("nyc");
        for (GridSites.Node node : sites.nodes("nyc")) {
            CacheReplica replica = node.grid().replica("default");
            Map<String, String> held = node.grid().onThread(() -> {
                Map<String, String> values = new TreeMap<>();
                for (int i = 0; i < KEYS; i++) {
                    StoredKey key = StoredKey.of(key(i));
                    StoredEntry entry = replica.held(key);
                    if (replica.isOwner(key.segment(replica.segments())) && entry != null && !entry.isTombstone()) {
                        values.put(new String(key.bytes(), UTF_8), new String(entry.value(), UTF_8));
                    }
                }
                return values;
            });
            Map<String, String> owned = node.grid().onThread(() -> {
                Map<String, String> values = new TreeMap<>();
                primaries.forEach((key, value) -> {
                    if (replica.isOwner(StoredKey.of(key.getBytes(UTF_8)).segment(replica.segments()))) {
                        values.put(key, value);
                    }
                });
                return values;
            });
            assertThat(held).as("the copies %s owns against their primaries' (seed %d)", node.member().name(), seed)
                    .isEqualTo(owned);
        }
    }

    /** The keys whose values differ between {@code a} and {@code b}, or that one of them lacks. */
    private static Set<String> differing(Map<String, String> a, Map<String, String> b) {
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.removeIf(key -> Objects.equals(a.get(key), b.get(key)));
        return keys;
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(UTF_8);
    }
}
