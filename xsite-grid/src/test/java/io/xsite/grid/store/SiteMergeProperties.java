package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.grid.ConflictPolicy;
import io.xsite.grid.Expiry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Merging entries of different sites (grid.md, "Between sites") ends the same whatever order a site sees them
 * in, for every policy; counters from one start add up every site's increments. (Known limit, in
 * docs/design.md: a key that three or more sites change concurrently, some by increments and some by other
 * writes, may merge differently in different orders.)
 */
class SiteMergeProperties {
    private static final List<String> SITES = List.of("lon", "nyc", "sfc");

    @Property(tries = 500)
    void everyOrderOfMergingEndsWithTheSameEntry(@ForAll("policies") ConflictPolicy policy, @ForAll long seed) {
        Random random = new Random(seed);
        StoredEntry base = write(null, GridWrite.put("base".getBytes(UTF_8), Expiry.never()), "nyc", 1_000);
        List<StoredEntry> finals = new ArrayList<>();
        for (String site : SITES) {
            StoredEntry entry = base;
            int writes = 1 + random.nextInt(3);
            for (int i = 0; i < writes; i++) {
                GridWrite w = random.nextInt(3) == 0 ? new GridWrite.Remove()
                        : GridWrite.put((site + i).getBytes(UTF_8), Expiry.never());
                StoredEntry next = write(entry, w, site, 2_000 + random.nextInt(50) * 10L + i);
                entry = next == null ? entry : next;
            }
            finals.add(entry);
        }
        StoredEntry first = mergeAll(finals, policy);
        for (int round = 0; round < 5; round++) {
            List<StoredEntry> shuffled = new ArrayList<>(finals);
            Collections.shuffle(shuffled, random);
            StoredEntry again = mergeAll(shuffled, policy);
            assertThat(SiteMerge.sameContents(again, first)).as("%s then %s", first, again).isTrue();
            assertThat(mergeAll(List.of(again, first, again), policy)).satisfies(e ->
                    assertThat(SiteMerge.sameContents(e, first)).isTrue());
        }
    }

    @Property(tries = 300)
    void countersIncrementedAtEverySiteAddUp(@ForAll @IntRange(min = 1, max = 6) int increments, @ForAll long seed) {
        Random random = new Random(seed);
        StoredEntry base = write(null, GridWrite.put("100".getBytes(UTF_8), Expiry.never()), "nyc", 1_000);
        long expected = 100;
        List<StoredEntry> finals = new ArrayList<>();
        for (String site : SITES) {
            StoredEntry entry = base;
            for (int i = 0; i < increments; i++) {
                long delta = random.nextInt(200) - 100;
                expected += delta;
                entry = write(entry, new GridWrite.Increment(delta), site, 2_000 + random.nextInt(1000));
            }
            finals.add(entry);
        }
        Collections.shuffle(finals, random);
        StoredEntry merged = mergeAll(finals, ConflictPolicy.LAST_WRITER_WINS);
        assertThat(new String(merged.value(), UTF_8)).isEqualTo(Long.toString(expected));
    }

    @Provide
    Arbitrary<ConflictPolicy> policies() {
        return Arbitraries.of(ConflictPolicy.LAST_WRITER_WINS, new ConflictPolicy.PreferSite("sfc"),
                new ConflictPolicy.PreferDelete(), new ConflictPolicy.PreferWrite());
    }

    /**
     * A local write at {@code site}: what the primary applies and stamps; null when it changes nothing (or is
     * refused: an increment of a value that is no integer).
     */
    private static StoredEntry write(StoredEntry previous, GridWrite write, String site, long millis) {
        WriteApplier.Outcome outcome;
        try {
            outcome = WriteApplier.apply(previous, write, 0, millis << 16);
        } catch (GridException refused) {
            return null;
        }
        if (outcome.entry() == null) {
            return null;
        }
        Long delta = write instanceof GridWrite.Increment increment ? increment.delta() : null;
        return SiteMerge.stampLocal(previous, outcome.entry(), site, delta, false, Set.of());
    }

    private static StoredEntry mergeAll(List<StoredEntry> entries, ConflictPolicy policy) {
        StoredEntry merged = null;
        for (StoredEntry entry : entries) {
            SiteMerge.Outcome outcome = SiteMerge.merge(merged, entry, policy);
            merged = outcome.entry() == null ? merged : outcome.entry();
        }
        return merged;
    }
}
