package io.xsite.grid.store;

import io.xsite.grid.GridEntry;
import java.util.Optional;

/**
 * One key's state in a segment: its value, or a tombstone that records a removal, with the metadata the
 * spec asks for (grid.md, "Within a site": version, expiry, the HLC timestamp of the last write).
 *
 * <p>Copies of a segment converge by keeping, per key, the entry that is {@link #newerThan newer}: the
 * version first, then the timestamp. A tombstone keeps a removal from being undone by an older copy of the
 * value that a former owner still holds during a rebalance.
 *
 * @param value     the value; null for a tombstone
 * @param version   grows by one with every write of the key, at its primary
 * @param timestamp the hybrid-logical-clock time of the last write ({@link HybridClock})
 * @param expiresAt when the value expires, in milliseconds since the epoch, or {@link GridEntry#NO_EXPIRY}
 * @param stamps    the metadata between sites; null in a cache without backup sites
 */
record StoredEntry(byte[] value, long version, long timestamp, long expiresAt, SiteStamps stamps) {

    /** An entry of a cache without backup sites. */
    StoredEntry(byte[] value, long version, long timestamp, long expiresAt) {
        this(value, version, timestamp, expiresAt, null);
    }

    /** A removal at {@code version}. */
    static StoredEntry tombstone(long version, long timestamp) {
        return new StoredEntry(null, version, timestamp, GridEntry.NO_EXPIRY);
    }

    StoredEntry withStamps(SiteStamps siteStamps) {
        return new StoredEntry(value, version, timestamp, expiresAt, siteStamps);
    }

    StoredEntry withVersion(long newVersion) {
        return new StoredEntry(value, newVersion, timestamp, expiresAt, stamps);
    }

    /** Whether a backup site has not acknowledged this entry yet. */
    boolean owes(String site) {
        return stamps != null && stamps.owed().contains(site);
    }

    /** Whether some backup site has not acknowledged this entry yet. */
    boolean owesAny() {
        return stamps != null && !stamps.owed().isEmpty();
    }

    boolean isTombstone() {
        return value == null;
    }

    /** Whether this entry holds a value that has not expired at {@code nowMillis}. */
    boolean isLive(long nowMillis) {
        return value != null && (expiresAt == GridEntry.NO_EXPIRY || expiresAt > nowMillis);
    }

    /** Whether this entry replaces {@code other} when two copies meet. */
    boolean newerThan(StoredEntry other) {
        return other == null || version > other.version || (version == other.version && timestamp > other.timestamp);
    }

    /** The entry as a read returns it, when live at {@code nowMillis}. */
    Optional<GridEntry> live(long nowMillis) {
        return isLive(nowMillis) ? Optional.of(new GridEntry(value, expiresAt)) : Optional.empty();
    }
}
