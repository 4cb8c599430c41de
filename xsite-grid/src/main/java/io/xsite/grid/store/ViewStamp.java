package io.xsite.grid.store;

import io.xsite.core.membership.ViewId;

/**
 * A view id as grid messages carry it: its sequence and its creator's UUID. Copies and fetches name the
 * view they belong to, and a member acts on them only in that view.
 *
 * @param sequence   the view's sequence
 * @param creatorMsb the creator's UUID, upper half
 * @param creatorLsb the creator's UUID, lower half
 */
record ViewStamp(long sequence, long creatorMsb, long creatorLsb) {

    static ViewStamp of(ViewId id) {
        return new ViewStamp(id.sequence(), id.creator().msb(), id.creator().lsb());
    }

    /** Whether this view comes after {@code other} (views grow in sequence). */
    boolean after(ViewStamp other) {
        return sequence > other.sequence;
    }
}
