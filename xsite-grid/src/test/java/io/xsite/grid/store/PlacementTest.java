package io.xsite.grid.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.CacheConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Placement is a pure function of the members: the same everywhere, balanced, and moving little. */
class PlacementTest {
    private static final int SEGMENTS = 256;

    @Property(tries = 50)
    void everyMemberComputesTheSameTableWhateverTheOrderItListsMembersIn(@ForAll @IntRange(min = 1, max = 12) int size,
                                                                          @ForAll long seed) {
        List<UuidAddress> members = members(size, seed);
        List<UuidAddress> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(seed));
        Placement a = Placement.of(members, 2, SEGMENTS);
        Placement b = Placement.of(shuffled, 2, SEGMENTS);
        for (int segment = 0; segment < SEGMENTS; segment++) {
            assertThat(a.owners(segment)).isEqualTo(b.owners(segment)).hasSize(Math.min(2, size))
                    .doesNotHaveDuplicates();
            assertThat(a.primary(segment)).isEqualTo(a.owners(segment).get(0));
        }
    }

    @Property(tries = 30)
    void aJoinMovesAboutOwnersOverNOfTheSegmentsAndNeverAll(@ForAll @IntRange(min = 2, max = 10) int size,
                                                           @ForAll long seed) {
        List<UuidAddress> before = members(size + 1, seed);
        UuidAddress joiner = before.remove(size);
        List<UuidAddress> after = new ArrayList<>(before);
        after.add(joiner);
        Placement old = Placement.of(before, 2, SEGMENTS);
        Placement now = Placement.of(after, 2, SEGMENTS);
        int changed = 0;
        for (int segment = 0; segment < SEGMENTS; segment++) {
            List<UuidAddress> kept = new ArrayList<>(now.owners(segment));
            kept.remove(joiner);
            // Rendezvous hashing: the joiner takes a place, the others keep their relative order.
            assertThat(old.owners(segment)).containsSubsequence(kept);
            if (!old.owners(segment).equals(now.owners(segment))) {
                changed++;
            }
        }
        double expected = SEGMENTS * 2.0 / (size + 1);
        assertThat((double) changed).isBetween(expected * 0.5, expected * 1.6);
    }

    @Test
    void primariesSpreadEvenlyOverTheMembers() {
        List<UuidAddress> members = members(4, 7);
        Placement placement = Placement.of(members, 2, SEGMENTS);
        for (UuidAddress member : members) {
            long primaries = java.util.stream.IntStream.range(0, SEGMENTS)
                    .filter(s -> placement.primary(s).equals(member)).count();
            assertThat(primaries).isBetween(40L, 90L);
        }
    }

    @Test
    void ownersAllPlacesEveryMemberOnEverySegment() {
        List<UuidAddress> members = members(5, 3);
        Placement placement = Placement.of(members, CacheConfig.ALL_MEMBERS, 16);
        for (int segment = 0; segment < 16; segment++) {
            assertThat(placement.owners(segment)).containsExactlyInAnyOrderElementsOf(members);
        }
    }

    private static List<UuidAddress> members(int size, long seed) {
        Random random = new Random(seed);
        List<UuidAddress> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(UuidAddress.siteUuid(new UUID(random.nextLong(), random.nextLong()), "m" + i, null, 0));
        }
        return members;
    }
}
