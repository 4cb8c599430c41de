package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.grid.GridEntry;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Chunks cover a segment exactly once; a backup's range replacement makes its copy equal the primary's. */
class SegmentStoreTest {

    @Property(tries = 30)
    void chunksCoverEveryKeyOnceAndStayWithinTheirBound(@ForAll @IntRange(min = 0, max = 3000) int keys,
                                                        @ForAll @IntRange(min = 1, max = 500) int chunkEntries) {
        SegmentStore store = new SegmentStore();
        for (int i = 0; i < keys; i++) {
            store.put(key(i), new StoredEntry(("v" + i).getBytes(UTF_8), 1, 1, GridEntry.NO_EXPIRY));
        }
        Set<StoredKey> seen = new HashSet<>();
        long position = 0;
        do {
            SegmentStore.Chunk chunk = store.chunk(position, chunkEntries, Integer.MAX_VALUE);
            assertThat(chunk.entries().size()).isLessThanOrEqualTo(chunkEntries + 2); // equal positions stay together
            chunk.entries().forEach(e -> assertThat(seen.add(e.getKey())).isTrue());
            position = chunk.nextPosition();
        } while (position >= 0);
        assertThat(seen).hasSize(keys);
    }

    @Test
    void replacingEveryRangeMakesTheCopyEqualTheSource() {
        SegmentStore primary = new SegmentStore();
        SegmentStore backup = new SegmentStore();
        for (int i = 0; i < 500; i++) {
            primary.put(key(i), new StoredEntry(("p" + i).getBytes(UTF_8), 2, 2, GridEntry.NO_EXPIRY));
            backup.put(key(i + 250), new StoredEntry(("stale" + i).getBytes(UTF_8), 1, 1, GridEntry.NO_EXPIRY));
        }
        long position = 0;
        do {
            SegmentStore.Chunk chunk = primary.chunk(position, 64, Integer.MAX_VALUE);
            backup.replaceRange(position, chunk.nextPosition(), chunk.entries());
            position = chunk.nextPosition();
        } while (position >= 0);
        assertThat(backup.values()).isEqualTo(500);
        assertThat(backup.bytes()).isEqualTo(primary.bytes());
        for (int i = 0; i < 750; i++) {
            StoredEntry copy = backup.get(key(i));
            StoredEntry source = primary.get(key(i));
            assertThat(copy == null ? null : new String(copy.value(), UTF_8))
                    .isEqualTo(source == null ? null : new String(source.value(), UTF_8));
        }
    }

    @Test
    void theSweepRemovesExpiredValuesAndOldTombstonesOnly() {
        SegmentStore store = new SegmentStore();
        store.put(key(1), new StoredEntry("a".getBytes(UTF_8), 1, 1, 500));
        store.put(key(2), new StoredEntry("b".getBytes(UTF_8), 1, 1, GridEntry.NO_EXPIRY));
        store.put(key(3), StoredEntry.tombstone(2, 100L << 16));
        store.put(key(4), StoredEntry.tombstone(2, 900L << 16));
        assertThat(store.sweep(600, 500)).isEqualTo(2);
        assertThat(store.get(key(1))).isNull();
        assertThat(store.get(key(3))).isNull();
        assertThat(store.get(key(2))).isNotNull();
        assertThat(store.get(key(4))).isNotNull();
        assertThat(store.values()).isEqualTo(1);
    }

    @Test
    void theSweepFollowsExpiriesAddedAndRemovedByLaterWrites() {
        SegmentStore store = new SegmentStore();
        store.put(key(1), new StoredEntry("a".getBytes(UTF_8), 1, 1, GridEntry.NO_EXPIRY));
        store.put(key(2), new StoredEntry("b".getBytes(UTF_8), 1, 1, 500));
        store.put(key(2), new StoredEntry("b".getBytes(UTF_8), 2, 2, GridEntry.NO_EXPIRY)); // PERSIST
        assertThat(store.sweep(600, 0)).isZero();
        store.put(key(1), new StoredEntry("a".getBytes(UTF_8), 2, 2, 500)); // EXPIRE on a persistent value
        assertThat(store.sweep(400, 0)).isZero();
        assertThat(store.sweep(600, 0)).isEqualTo(1);
        assertThat(store.get(key(1))).isNull();
        store.put(key(3), StoredEntry.tombstone(2, 100L << 16));
        assertThat(store.sweep(600, 500)).isEqualTo(1);
        assertThat(store.values()).isEqualTo(1);
    }

    @Test
    void aMergeKeepsTheNewerEntry() {
        SegmentStore store = new SegmentStore();
        store.put(key(1), StoredEntry.tombstone(5, 50));
        assertThat(store.merge(key(1), new StoredEntry("old".getBytes(UTF_8), 4, 60, GridEntry.NO_EXPIRY))).isFalse();
        assertThat(store.merge(key(1), new StoredEntry("new".getBytes(UTF_8), 6, 40, GridEntry.NO_EXPIRY))).isTrue();
        assertThat(new String(store.get(key(1)).value(), UTF_8)).isEqualTo("new");
        assertThat(store.values()).isEqualTo(1);
    }

    private static StoredKey key(int i) {
        return StoredKey.of(("key-" + i).getBytes(UTF_8));
    }
}
