package io.xsite.core.membership;

import io.xsite.wire.address.UuidAddress;
import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of a view: who created it and its sequence number. Views are ordered by sequence,
 * then by creator, so that two views created concurrently (by two sides of a partition) are still
 * ordered the same way at every member; a member installs only views newer than its current one.
 *
 * @param creator  the member that created and announced the view
 * @param sequence grows by at least one with each view a member installs; {@code >= 1}
 */
public record ViewId(UuidAddress creator, long sequence) implements Comparable<ViewId> {
    /**
     * The largest sequence a received view id may carry ({@code 2^62}); the codec refuses larger ones.
     * Sequences grow by one per view, so no cluster comes near it, and every sequence a member derives
     * from a received one ({@link #next}, the maximum of merged views plus one) stays far from overflow.
     */
    public static final long MAX_RECEIVED_SEQUENCE = 1L << 62;

    private static final Comparator<ViewId> ORDER = Comparator.comparingLong(ViewId::sequence)
            .thenComparing(ViewId::creator, MemberOrder.ORDER);

    public ViewId {
        Objects.requireNonNull(creator, "creator");
        if (sequence < 1) {
            throw new IllegalArgumentException("view sequence must be positive: " + sequence);
        }
    }

    /** The id of the view {@code creator} makes after this one: the next sequence. */
    public ViewId next(UuidAddress creator) {
        return new ViewId(creator, Math.addExact(sequence, 1));
    }

    /** Whether this id is ordered after {@code other}; every id is newer than {@code null}. */
    public boolean isNewerThan(ViewId other) {
        return other == null || compareTo(other) > 0;
    }

    @Override
    public int compareTo(ViewId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return creator + "#" + sequence;
    }
}
