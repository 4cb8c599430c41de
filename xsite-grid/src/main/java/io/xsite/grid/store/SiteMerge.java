package io.xsite.grid.store;

import io.xsite.grid.ConflictPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules of entries between sites, as pure functions (grid.md, "Between sites"): how a local write stamps
 * its entry, and how an entry from another site merges with the local one.
 *
 * <p>Merging is commutative, associative and idempotent, so sites that exchanged every write hold the same
 * entries whatever order they saw them in: an entry whose clock {@link SiteStamps#dominates dominates} wins
 * whole; two concurrent ones (a conflict) yield the clocks' join with the contents of the entry the policy
 * ranks higher (each policy is a total order: its preference, then the HLC timestamp, then the origin site's
 * name), or, for two counters from the same start, the join of their per-site contributions.
 */
final class SiteMerge {

    /**
     * What merging an entry from another site did.
     *
     * @param entry    the entry to store, its stamps' owed sites still those of the local entry; null: the local
     *                 entry stays as it is (it had seen the remote write already)
     * @param conflict whether the two writes were concurrent
     */
    record Outcome(StoredEntry entry, boolean conflict) {
    }

    private SiteMerge() {
    }

    /**
     * The entry a local write at {@code site} stores: {@code written} (what {@link WriteApplier} yields) with
     * the clock of {@code previous} advanced for {@code site}, and, for an increment by {@code delta}, the
     * counter's contribution of {@code site} (a counter starts from the value the increment found).
     *
     * @param increment whether the write was an increment (delta) or a change of expiry (counter kept); null:
     *                  any other write
     */
    static StoredEntry stampLocal(StoredEntry previous, StoredEntry written, String site, Long increment,
                                  boolean keepCounter, Set<String> owed) {
        SiteStamps before = previous == null ? null : previous.stamps();
        Map<String, Long> clock = new TreeMap<>(before == null ? Map.of() : before.clock());
        clock.put(site, written.timestamp());
        SiteStamps.Counter counter = null;
        if (increment != null && !written.isTombstone()) {
            long now = Long.parseLong(new String(written.value(), StandardCharsets.US_ASCII));
            long start = now - increment;
            SiteStamps.Counter old = before == null ? null : before.counter();
            if (old != null && old.value() == start && previous.value() != null) {
                Map<String, Long> contributions = new HashMap<>(old.contributions());
                contributions.merge(site, increment, Long::sum);
                counter = new SiteStamps.Counter(old.base(), old.baseStamp(), contributions);
            } else {
                counter = new SiteStamps.Counter(start, previous == null ? 0 : previous.timestamp(),
                        Map.of(site, increment));
            }
        } else if (keepCounter && before != null && !written.isTombstone()) {
            counter = before.counter();
        }
        return written.withStamps(new SiteStamps(site, clock, counter, owed));
    }

    /** Merges {@code remote}, another site's entry, into {@code local} (null when the key has none) by {@code policy}. */
    static Outcome merge(StoredEntry local, StoredEntry remote, ConflictPolicy policy) {
        Objects.requireNonNull(remote.stamps(), "an entry from another site has stamps");
        long version = local == null ? 1 : local.version() + 1;
        Set<String> owed = local == null || local.stamps() == null ? Set.of() : local.stamps().owed();
        if (local == null || local.stamps() == null) {
            return new Outcome(remote.withVersion(version).withStamps(remote.stamps().withOwed(owed)), false);
        }
        SiteStamps mine = local.stamps();
        SiteStamps theirs = remote.stamps();
        if (mine.dominates(theirs)) {
            return new Outcome(null, false);
        }
        if (theirs.dominates(mine)) {
            return new Outcome(remote.withVersion(version).withStamps(theirs.withOwed(owed)), false);
        }
        Map<String, Long> clock = mine.clockJoin(theirs);
        StoredEntry winner = rank(local, remote, policy) >= 0 ? local : remote;
        SiteStamps.Counter counter = winner.stamps().counter();
        byte[] value = winner.value();
        if (mine.counter() != null && mine.counter().sameStart(theirs.counter())
                && !local.isTombstone() && !remote.isTombstone()) {
            counter = joinCounters(mine, theirs);
            value = counter.valueBytes();
        }
        StoredEntry merged = new StoredEntry(value, version, winner.timestamp(), winner.expiresAt(),
                new SiteStamps(winner.stamps().origin(), clock, counter, owed));
        return new Outcome(merged, true);
    }

    /**
     * Whether two entries hold the same write: contents and stamps, owed sites and the site-local version
     * aside.
     */
    static boolean sameContents(StoredEntry a, StoredEntry b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Arrays.equals(a.value(), b.value()) && a.timestamp() == b.timestamp()
                && a.expiresAt() == b.expiresAt() && Objects.equals(stripped(a), stripped(b));
    }

    /** The policy's order of two concurrent entries: positive when {@code a} wins. */
    static int rank(StoredEntry a, StoredEntry b, ConflictPolicy policy) {
        int preferred = 0;
        if (policy instanceof ConflictPolicy.PreferSite prefer) {
            preferred = Boolean.compare(origin(a).equals(prefer.site()), origin(b).equals(prefer.site()));
        } else if (policy instanceof ConflictPolicy.PreferDelete) {
            preferred = Boolean.compare(a.isTombstone(), b.isTombstone());
        } else if (policy instanceof ConflictPolicy.PreferWrite) {
            preferred = Boolean.compare(!a.isTombstone(), !b.isTombstone());
        }
        if (preferred != 0) {
            return preferred;
        }
        int later = Long.compare(a.timestamp(), b.timestamp());
        return later != 0 ? later : origin(a).compareTo(origin(b));
    }

    /** Per site, the contribution of the entry that saw that site's later write. */
    private static SiteStamps.Counter joinCounters(SiteStamps mine, SiteStamps theirs) {
        Map<String, Long> contributions = new HashMap<>(mine.counter().contributions());
        theirs.counter().contributions().forEach((site, contribution) -> {
            if (theirs.clockOf(site) > mine.clockOf(site) || !contributions.containsKey(site)) {
                contributions.put(site, contribution);
            }
        });
        return new SiteStamps.Counter(mine.counter().base(), mine.counter().baseStamp(), contributions);
    }

    private static SiteStamps stripped(StoredEntry entry) {
        return entry.stamps() == null ? null : entry.stamps().withOwed(Set.of());
    }

    private static String origin(StoredEntry entry) {
        return entry.stamps() == null ? "" : entry.stamps().origin();
    }
}
