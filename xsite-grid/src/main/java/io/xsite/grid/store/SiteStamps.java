package io.xsite.grid.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An entry's metadata between sites (grid.md, "Between sites"), present in caches that have backup sites.
 *
 * @param origin  the site whose write the entry holds (its value or removal)
 * @param clock   the version vector: per site, the HLC timestamp of that site's latest write the entry reflects.
 *                An entry whose clock is at least another's for every site has seen that one's write; if
 *                neither has, the two writes conflict ({@link SiteMerge})
 * @param counter a counter's contributions per site (grid.md: counters add up); null for any other value
 * @param owed    the backup sites that have not acknowledged this entry yet: the key is still to be sent there,
 *                and a removal's tombstone is kept until the set is empty
 */
record SiteStamps(String origin, Map<String, Long> clock, Counter counter, Set<String> owed) {

    SiteStamps {
        Objects.requireNonNull(origin, "origin");
        clock = Map.copyOf(clock);
        owed = Set.copyOf(owed);
    }

    /**
     * A counter as Redis Enterprise's Active-Active keeps it: the value it started from and each site's sum of
     * increments since. Two sites that incremented the same start keep both contributions, so the value
     * converges to the sum of every increment; each contribution changes only at its own site.
     *
     * @param base          the value the counter started from
     * @param baseStamp     the HLC timestamp of the entry it started from (0: from nothing); counters that started
     *                      from different entries do not add up, the conflict policy decides between them
     * @param contributions per site, the sum of its increments
     */
    record Counter(long base, long baseStamp, Map<String, Long> contributions) {
        Counter {
            contributions = Map.copyOf(contributions);
        }

        long value() {
            long sum = base;
            for (long c : contributions.values()) {
                sum += c;
            }
            return sum;
        }

        byte[] valueBytes() {
            return Long.toString(value()).getBytes(StandardCharsets.US_ASCII);
        }

        /** Whether both counters started from the same entry, so their contributions add up. */
        boolean sameStart(Counter other) {
            return other != null && base == other.base && baseStamp == other.baseStamp;
        }
    }

    /** This entry's clock reading of {@code site}, 0 when it never saw a write of it. */
    long clockOf(String site) {
        return clock.getOrDefault(site, 0L);
    }

    /** Whether these stamps reflect every write {@code other}'s do. */
    boolean dominates(SiteStamps other) {
        for (Map.Entry<String, Long> e : other.clock.entrySet()) {
            if (clockOf(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The per-site maximum of both clocks. */
    Map<String, Long> clockJoin(SiteStamps other) {
        Map<String, Long> joined = new TreeMap<>(clock);
        other.clock.forEach((site, stamp) -> joined.merge(site, stamp, Math::max));
        return joined;
    }

    SiteStamps withOwed(Set<String> sites) {
        return new SiteStamps(origin, clock, counter, sites);
    }

    /** These stamps without {@code site} among the sites owed. */
    SiteStamps acknowledgedBy(String site) {
        Set<String> left = new TreeSet<>(owed);
        left.remove(site);
        return withOwed(left);
    }
}
