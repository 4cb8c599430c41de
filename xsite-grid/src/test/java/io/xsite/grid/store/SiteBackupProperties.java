package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.ConflictPolicy;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import io.xsite.grid.GridWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Seeded schedules over two and three sites that back each other up asynchronously (grid.md, "Between
 * sites"): random writes, removals and increments at every site, member crashes, site-master failovers and
 * cuts between sites; once healed and quiet, every site holds the same contents, and verify finds no difference.
 */
class SiteBackupProperties {
    private static final int KEYS = 25;

    sealed interface Step permits Writes, Crash, FailOver, Cut, Heal {
    }

    record Writes(int count) implements Step {
    }

    record Crash() implements Step {
    }

    record FailOver() implements Step {
    }

    record Cut() implements Step {
    }

    record Heal() implements Step {
    }

    @Property(tries = 4, shrinking = ShrinkingMode.OFF)
    void everySiteEndsWithTheSameContents(@ForAll("schedules") List<Step> steps,
                                          @ForAll @IntRange(min = 2, max = 3) int siteCount,
                                          @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        List<String> names = List.of("lon", "nyc", "sfc").subList(0, siteCount);
        Random random = new Random(seed);
        try (GridSites sites = new GridSites(seed, names, 3, site -> new GridConfig(List.of(
                CacheConfig.named("default").withConflicts(ConflictPolicy.LAST_WRITER_WINS).withBackups(
                        names.stream().filter(other -> !other.equals(site))
                                .map(other -> BackupConfig.to(other, BackupConfig.Strategy.ASYNC)).toList()))))) {
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (Step step : steps) {
                String site = names.get(random.nextInt(names.size()));
                if (step instanceof Writes w) {
                    for (int i = 0; i < w.count(); i++) {
                        writes.add(write(sites.cache(site), random));
                    }
                } else if (step instanceof Crash) {
                    sites.crashAndReplace(site);
                } else if (step instanceof FailOver) {
                    sites.failOverSiteMaster(site);
                } else if (step instanceof Cut) {
                    String other = names.get(random.nextInt(names.size()));
                    if (!other.equals(site)) {
                        sites.cut(site, other);
                    }
                } else {
                    sites.heal();
                }
            }
            // A last batch at every site, so that no schedule (one of crashes and failovers only) checks nothing.
            for (String site : names) {
                for (int i = 0; i < 10; i++) {
                    writes.add(write(sites.cache(site), random));
                }
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((ok, failure) -> null).join();
            sites.heal();
            sites.awaitBalanced();
            SiteBackupTest.awaitQuiet(sites);

            Map<String, String> first = sites.contents(names.get(0));
            for (String site : names) {
                assertThat(sites.contents(site)).as("%s against %s (seed %d)", site, names.get(0), seed)
                        .isEqualTo(first);
                if (!site.equals(names.get(0))) {
                    assertThat(sites.nodes(site).get(0).grid().verify(names.get(0), "default").join().differences())
                            .as("verify of %s against %s (seed %d)", site, names.get(0), seed).isEmpty();
                }
            }
            assertThat(writes).isNotEmpty();
        }
    }

    /** A put, a removal, or an increment of one of the counter keys. */
    private static CompletableFuture<?> write(GridCache cache, Random random) {
        int key = random.nextInt(KEYS);
        int kind = random.nextInt(6);
        if (kind == 0) {
            return cache.remove(("key-" + key).getBytes(UTF_8));
        }
        if (kind == 1) {
            return cache.write(("counter-" + key % 3).getBytes(UTF_8), new GridWrite.Increment(random.nextInt(9) - 4));
        }
        return cache.put(("key-" + key).getBytes(UTF_8), ("v" + random.nextInt(1000)).getBytes(UTF_8));
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(5, 40).map(Writes::new)),
                Tuple.of(1, Arbitraries.just(new Crash())),
                Tuple.of(2, Arbitraries.just(new FailOver())),
                Tuple.of(2, Arbitraries.just(new Cut())),
                Tuple.of(1, Arbitraries.just(new Heal())));
        return step.list().ofMinSize(4).ofMaxSize(9);
    }
}
