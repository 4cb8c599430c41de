package io.xsite.relay.topology;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import java.util.List;
import java.util.Objects;

/**
 * One site as its site masters last described it.
 *
 * @param site        the site's name
 * @param version     orders descriptions of the same site: the site's view sequence, then a revision
 *                    for changes within one view (a member announced its physical address); see
 *                    {@link #version(long, int)}
 * @param members     the site's members, oldest first
 * @param siteMasters its site masters, first one first
 */
public record SiteView(String site, long version, List<MemberInfo> members, List<UuidAddress> siteMasters) {
    private static final int REVISION_BITS = 16;

    public SiteView {
        Objects.requireNonNull(site, "site");
        members = List.copyOf(members);
        siteMasters = List.copyOf(siteMasters);
        if (members.size() > View.MAX_MEMBERS || siteMasters.size() > members.size()) {
            throw new IllegalArgumentException("site " + site + ": " + members.size() + " members, "
                    + siteMasters.size() + " site masters");
        }
    }

    /**
     * The version of a site's view {@code viewSequence} with {@code revision} changes within it: the sequence
     * in the high bits, the revision in the low 16. Both saturate instead of overflowing into each other or
     * the sign, so that versions stay ordered (and never negative) whatever the sequence.
     */
    public static long version(long viewSequence, int revision) {
        long sequence = Math.max(0, Math.min(viewSequence, Long.MAX_VALUE >>> REVISION_BITS));
        return (sequence << REVISION_BITS) | Math.max(0, Math.min(revision, (1 << REVISION_BITS) - 1));
    }

    /** The members' addresses, oldest first. */
    public List<UuidAddress> addresses() {
        return members.stream().map(MemberInfo::address).toList();
    }
}
