package io.xsite.grid;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Hash slots as Redis Cluster computes them, and their split into a cache's segments. */
class HashSlotTest {

    private static int slot(String key) {
        return HashSlot.of(key.getBytes(UTF_8));
    }

    @Test
    void slotsAreRedisClusterSlots() {
        // CRC16/XMODEM of "123456789" is 0x31C3 (its check value); the others as redis-server's CLUSTER KEYSLOT.
        assertThat(slot("123456789")).isEqualTo(0x31C3);
        assertThat(slot("somekey")).isEqualTo(11058);
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("")).isZero();
    }

    @Test
    void theHashTagAloneIsHashedWhenItIsNotEmpty() {
        assertThat(slot("{user1000}.following")).isEqualTo(slot("user1000"))
                .isEqualTo(slot("{user1000}.followers"));
        assertThat(slot("foo{bar}{zap}")).isEqualTo(slot("bar"));
        assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar"));
        assertThat(slot("foo{}{bar}")).as("an empty tag: the whole key").isNotEqualTo(slot("bar"));
        assertThat(slot("foo{bar")).as("no closing brace: the whole key").isNotEqualTo(slot("bar"));
    }

    @Test
    void twoHundredFiftySixSegmentsTakeSixtyFourSlotsEach() {
        assertThat(HashSlot.segment(0, 256)).isZero();
        assertThat(HashSlot.segment(63, 256)).isZero();
        assertThat(HashSlot.segment(64, 256)).isEqualTo(1);
        assertThat(HashSlot.segment(HashSlot.COUNT - 1, 256)).isEqualTo(255);
        assertThat(HashSlot.firstSlot(1, 256)).isEqualTo(64);
        assertThat(HashSlot.lastSlot(255, 256)).isEqualTo(HashSlot.COUNT - 1);
    }

    @Property
    void everySlotLiesInTheRangeOfItsSegment(@ForAll @IntRange(min = 0, max = HashSlot.COUNT - 1) int slot,
                                            @ForAll @IntRange(min = 1, max = HashSlot.COUNT) int segments) {
        int segment = HashSlot.segment(slot, segments);
        assertThat(segment).isBetween(0, segments - 1);
        assertThat(slot).isBetween(HashSlot.firstSlot(segment, segments), HashSlot.lastSlot(segment, segments));
    }
}
