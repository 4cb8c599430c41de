package io.xsite.grid.store;

import io.xsite.grid.GridEntry;
import io.xsite.grid.WriteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One segment's entries on one member: a hash map of keys to entries, tombstones included, with a count of
 * values and an estimate of the heap they take. Also the results of the latest writes applied to the
 * segment, by {@link OperationId}, so that a retried write is answered instead of applied twice. Confined
 * to the grid thread.
 *
 * <p>Memory per entry on a 64-bit JVM with compressed references: the map node (32 bytes) and its table
 * slots (4 to 8, the table grows by doubling), the key record (16) and its array (16 + key bytes, padded to 8),
 * the entry record (40) and the value's array (16 + value bytes, padded): about
 * {@value #ENTRY_OVERHEAD_BYTES} bytes plus key and value. Measured: 256 bytes per entry of a 12-byte key and
 * a 100-byte value.
 */
final class SegmentStore {
    /** Heap bytes an entry costs beyond its key and value bytes (see the class comment). */
    static final int ENTRY_OVERHEAD_BYTES = 144;
    /** Latest write results kept per segment for retried writes. */
    static final int RECENT_WRITES = 256;
    private static final Comparator<StoredKey> POSITION_ORDER = Comparator.comparingLong(StoredKey::position);

    /** Entries in position order from a start position, and where the next chunk starts (-1: none). */
    record Chunk(List<Map.Entry<StoredKey, StoredEntry>> entries, long nextPosition) {
    }

    private final Map<StoredKey, StoredEntry> entries = new HashMap<>();
    private final LinkedHashMap<OperationId, WriteResult> recentWrites = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<OperationId, WriteResult> eldest) {
            return size() > RECENT_WRITES;
        }
    };
    /** Per backup site, the keys whose entry it has not acknowledged ({@link StoredEntry#owes}). */
    private final Map<String, LinkedHashSet<StoredKey>> owed = new HashMap<>();
    /** The sizes of the {@link #owed} sets summed: at 0, asking what a site is owed needs no lookup. */
    private long owedMarks;
    private long values;
    private long bytes;
    /** Entries a sweep may remove (tombstones and values with an expiry): with none, a sweep has nothing to do. */
    private long sweepable;

    StoredEntry get(StoredKey key) {
        return entries.get(key);
    }

    /** Hands every entry, tombstones included, to {@code action}, in no particular order; it must not change the store. */
    void forEach(BiConsumer<StoredKey, StoredEntry> action) {
        entries.forEach(action);
    }

    /** Stores {@code entry} for {@code key}, replacing what was there (the primary's write). */
    void put(StoredKey key, StoredEntry entry) {
        account(key, entries.put(key, entry), -1);
        account(key, entry, 1);
    }

    /** Stores {@code entry} unless the segment holds a newer one for {@code key}; true if it stored it. */
    boolean merge(StoredKey key, StoredEntry entry) {
        StoredEntry current = entries.get(key);
        if (!entry.newerThan(current)) {
            return false;
        }
        put(key, entry);
        return true;
    }

    /**
     * Makes the positions from {@code from} up to {@code next} (exclusive; -1: to the end) hold exactly
     * {@code chunk}: the primary's entries of that range, which replace this copy's (a backup's transfer).
     */
    void replaceRange(long from, long next, List<Map.Entry<StoredKey, StoredEntry>> chunk) {
        for (Iterator<Map.Entry<StoredKey, StoredEntry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<StoredKey, StoredEntry> held = it.next();
            if (inRange(held.getKey(), from, next)) {
                account(held.getKey(), held.getValue(), -1);
                it.remove();
            }
        }
        chunk.forEach(e -> put(e.getKey(), e.getValue()));
    }

    void rememberWrite(OperationId id, WriteResult result) {
        recentWrites.put(id, result);
    }

    /** The result of the write {@code id} if this segment applied it lately, else null. */
    WriteResult recentWrite(OperationId id) {
        return recentWrites.get(id);
    }

    Map<OperationId, WriteResult> recentWrites() {
        return recentWrites;
    }

    /**
     * Up to {@code maxEntries} entries (and about {@code maxBytes}) at positions from {@code from} on, in
     * position order. Keys of equal position always travel in one chunk, so a chunk boundary is a position.
     */
    Chunk chunk(long from, int maxEntries, int maxBytes) {
        List<Map.Entry<StoredKey, StoredEntry>> candidates = new ArrayList<>();
        for (Map.Entry<StoredKey, StoredEntry> e : entries.entrySet()) {
            if (e.getKey().position() >= from) {
                candidates.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        candidates.sort(Map.Entry.comparingByKey(POSITION_ORDER));
        List<Map.Entry<StoredKey, StoredEntry>> taken = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < candidates.size(); i++) {
            Map.Entry<StoredKey, StoredEntry> e = candidates.get(i);
            boolean full = taken.size() >= maxEntries || size >= maxBytes;
            if (full && e.getKey().position() != taken.get(taken.size() - 1).getKey().position()) {
                return new Chunk(taken, e.getKey().position());
            }
            taken.add(e);
            size += wireSize(e.getKey(), e.getValue());
        }
        return new Chunk(taken, -1);
    }

    /** The keys {@code site} has not acknowledged, oldest change first (a live view: do not change the store meanwhile). */
    Set<StoredKey> owedTo(String site) {
        // Asked for every segment at every backup tick (10 ms): a segment that owes nothing allocates nothing,
        // and with nothing owed at all there is nothing to look up.
        if (owedMarks == 0) {
            return Set.of();
        }
        Set<StoredKey> keys = owed.get(site);
        return keys == null ? Set.of() : keys;
    }

    /** Stops owing {@code site} every entry (its tracking was dropped: it gets a full state transfer instead). */
    void forget(String site) {
        for (StoredKey key : List.copyOf(owedTo(site))) {
            StoredEntry entry = entries.get(key);
            put(key, entry.withStamps(entry.stamps().acknowledgedBy(site)));
        }
    }

    /** The keys at positions from {@code from} up to {@code next} (exclusive; -1: to the end), in no order. */
    List<StoredKey> keysIn(long from, long next) {
        List<StoredKey> keys = new ArrayList<>();
        for (StoredKey key : entries.keySet()) {
            if (inRange(key, from, next)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * Removes values expired at {@code nowMillis} and tombstones written before {@code tombstonesBefore}; an
     * entry a backup site has not acknowledged stays (that site must learn of the removal or the expiry).
     */
    int sweep(long nowMillis, long tombstonesBefore) {
        if (sweepable == 0) {
            return 0; // the usual case without expiry: no walk over every entry each second
        }
        int removed = 0;
        for (Iterator<Map.Entry<StoredKey, StoredEntry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<StoredKey, StoredEntry> held = it.next();
            StoredEntry entry = held.getValue();
            boolean expired = entry.isTombstone() ? HybridClock.millisOf(entry.timestamp()) < tombstonesBefore
                    : !entry.isLive(nowMillis);
            if (expired && !entry.owesAny()) {
                account(held.getKey(), entry, -1);
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Values held, expired ones not swept yet included (as Redis' DBSIZE counts them). */
    long values() {
        return values;
    }

    /** Estimated heap bytes of the entries. */
    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    private static boolean inRange(StoredKey key, long from, long next) {
        return key.position() >= from && (next < 0 || key.position() < next);
    }

    /** Bytes an entry takes in a transfer chunk, about. */
    static int wireSize(StoredKey key, StoredEntry entry) {
        return key.bytes().length + (entry.value() == null ? 0 : entry.value().length) + 40;
    }

    private void account(StoredKey key, StoredEntry entry, int sign) {
        if (entry == null) {
            return;
        }
        if (!entry.isTombstone()) {
            values += sign;
        }
        if (entry.isTombstone() || entry.expiresAt() != GridEntry.NO_EXPIRY) {
            sweepable += sign;
        }
        if (entry.owesAny()) {
            for (String site : entry.stamps().owed()) {
                if (sign > 0 && owed.computeIfAbsent(site, s -> new LinkedHashSet<>()).add(key)) {
                    owedMarks++;
                } else if (sign < 0 && owed.get(site).remove(key)) {
                    owedMarks--;
                }
            }
        }
        bytes += sign * (long) (ENTRY_OVERHEAD_BYTES + key.bytes().length
                + (entry.value() == null ? 0 : entry.value().length));
    }
}
