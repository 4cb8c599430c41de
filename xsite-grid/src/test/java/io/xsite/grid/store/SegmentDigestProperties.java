package io.xsite.grid.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.grid.GridEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Segment digests stand for a segment's readable contents, whatever order or history they came with. */
class SegmentDigestProperties {
    private static final int SEGMENTS = 16;
    private static final long NOW = 1_000_000_000L;

    @Property(tries = 200)
    void theSameValuesInAnyOrderAndWithAnyHistoryGiveEqualDigests(@ForAll("contents") Map<String, String> values,
                                                                  @ForAll("contents") Map<String, String> removed,
                                                                  @ForAll long seed) {
        Random random = new Random(seed);
        SegmentStore inOrder = new SegmentStore();
        values.forEach((key, value) -> inOrder.put(key(key), entry(value, 1, 1)));

        // Another site: other insertion order, site-local versions and timestamps, and tombstones of its own.
        List<String> keys = new ArrayList<>(values.keySet());
        Collections.shuffle(keys, random);
        SegmentStore shuffled = new SegmentStore();
        removed.keySet().stream().filter(k -> !values.containsKey(k))
                .forEach(k -> shuffled.put(key(k), StoredEntry.tombstone(random.nextInt(9), random.nextLong())));
        keys.forEach(k -> shuffled.put(key(k), entry(values.get(k), 1 + random.nextInt(9), random.nextLong())));

        SegmentDigest first = SegmentDigest.of(3, inOrder, NOW);
        assertThat(SegmentDigest.of(3, shuffled, NOW)).isEqualTo(first);
        assertThat(first.keys()).isEqualTo(values.size());
    }

    @Property(tries = 200)
    void oneDifferentKeyChangesTheDigestOfItsSegmentAlone(@ForAll("contents") Map<String, String> values,
                                                          @ForAll @IntRange(min = 0, max = 2) int change,
                                                          @ForAll("keys") String changed) {
        Map<String, String> other = new HashMap<>(values);
        switch (change) {
            case 0 -> other.put(changed, other.getOrDefault(changed, "") + "!"); // a new or another value
            case 1 -> other.remove(changed);
            default -> other.put(changed + "-new", "v");
        }
        if (other.equals(values)) {
            return; // removing a key that was not there changes nothing
        }
        String differing = change == 2 ? changed + "-new" : changed;
        int segment = key(differing).segment(SEGMENTS);

        SegmentDigest[] before = digests(values);
        SegmentDigest[] after = digests(other);
        for (int s = 0; s < SEGMENTS; s++) {
            assertThat(after[s].sameContents(before[s])).as("segment %d (the changed key's is %d)", s, segment)
                    .isEqualTo(s != segment);
        }
    }

    @Property(tries = 50)
    void aValueExpiredAtTheDigestsInstantCountsAsAbsent(@ForAll("contents") Map<String, String> values) {
        SegmentStore live = new SegmentStore();
        SegmentStore withExpired = new SegmentStore();
        values.forEach((key, value) -> {
            live.put(key(key), entry(value, 1, 1));
            withExpired.put(key(key), entry(value, 1, 1));
        });
        withExpired.put(key("expired"), new StoredEntry("gone".getBytes(UTF_8), 1, 1, NOW - 1));

        assertThat(SegmentDigest.of(0, withExpired, NOW)).isEqualTo(SegmentDigest.of(0, live, NOW));
    }

    private static SegmentDigest[] digests(Map<String, String> values) {
        SegmentStore[] stores = new SegmentStore[SEGMENTS];
        for (int s = 0; s < SEGMENTS; s++) {
            stores[s] = new SegmentStore();
        }
        values.forEach((key, value) -> stores[key(key).segment(SEGMENTS)].put(key(key), entry(value, 1, 1)));
        SegmentDigest[] digests = new SegmentDigest[SEGMENTS];
        for (int s = 0; s < SEGMENTS; s++) {
            digests[s] = SegmentDigest.of(s, stores[s], NOW);
        }
        return digests;
    }

    private static StoredKey key(String key) {
        return StoredKey.of(key.getBytes(UTF_8));
    }

    private static StoredEntry entry(String value, long version, long timestamp) {
        return new StoredEntry(value.getBytes(UTF_8), version, timestamp, GridEntry.NO_EXPIRY);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6);
    }

    @Provide
    Arbitrary<Map<String, String>> contents() {
        return Arbitraries.maps(keys(), Arbitraries.strings().ofMaxLength(12)).ofMaxSize(60);
    }
}
