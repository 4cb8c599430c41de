package io.xsite.grid.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Whose copies are the newest once a view settles ({@link Quorum#newestCopies}), and whether they come from
 * different histories ({@link Quorum#divergent}), from the members' view states.
 */
class QuorumTest {
    private static final UuidAddress A = UuidAddress.uuid(new UUID(0, 1));
    private static final UuidAddress B = UuidAddress.uuid(new UUID(0, 2));
    private static final UuidAddress C = UuidAddress.uuid(new UUID(0, 3));

    @Test
    void aMemberThatInstalledTheNewestLineagesViewWithoutSettlingItHoldsTheNewestCopies() {
        // B settled view 3 as writable; A installed view 3 too, but a state it waited for came after view 4.
        ViewStamp v2 = view(2, A);
        ViewStamp v3 = view(3, A);
        ViewStamp v4 = view(4, A);
        Map<UuidAddress, GridMessage.ViewState> states = Map.of(
                A, state(v4, 2, v2, v3, v4),
                B, state(v4, 3, v3, v4));

        assertThat(Quorum.newestCopies(states)).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void aMemberCutOffWhileTheOthersSettledAViewWithoutItIsStale() {
        // C was cut off in view 2 and installed a view 3 of its own; A and B settled their view 3 as writable.
        ViewStamp v2 = view(2, A);
        ViewStamp v4 = view(4, A);
        Map<UuidAddress, GridMessage.ViewState> states = Map.of(
                A, state(v4, 3, view(3, A), v4),
                B, state(v4, 3, view(3, A), v4),
                C, state(v4, 2, v2, view(3, C), v4));

        assertThat(Quorum.newestCopies(states)).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void aNewSiteWhereNoMemberEverWroteHasNoNewestCopies() {
        ViewStamp v2 = view(2, A);
        Map<UuidAddress, GridMessage.ViewState> states = Map.of(A, state(v2, 0, view(1, A), v2), B, state(v2, 0, v2));

        assertThat(Quorum.newestCopies(states)).isEmpty();
    }

    @Test
    void membersThatWroteApartWithTheSameLineageSequenceDiverged() {
        // A and B started apart, each a new site: both settled a writable view 2 of their own, then merged.
        ViewStamp merged = view(3, A);
        Map<UuidAddress, GridMessage.ViewState> apart = Map.of(
                A, state(merged, 2, view(2, A), merged),
                B, state(merged, 2, view(2, B), merged));
        Map<UuidAddress, GridMessage.ViewState> together = Map.of(
                A, state(merged, 2, view(2, A), merged),
                B, state(merged, 2, view(2, A), merged));

        assertThat(Quorum.divergent(apart)).isTrue();
        assertThat(Quorum.divergent(together)).isFalse();
        assertThat(Quorum.newestCopies(apart)).containsExactlyInAnyOrder(A, B);
    }

    private static GridMessage.ViewState state(ViewStamp view, long lineage, ViewStamp... installed) {
        return new GridMessage.ViewState(view, lineage, lineage, true, List.of(installed), Map.of(), Map.of(),
                Optional.empty());
    }

    private static ViewStamp view(long sequence, UuidAddress creator) {
        return new ViewStamp(sequence, creator.msb(), creator.lsb());
    }

}
