package io.xsite.grid.store;

import io.xsite.core.address.UuidAddress;
import io.xsite.core.membership.View;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether this member's side may accept writes (grid.md, "Partitions"): a view is writable when it holds a
 * majority of the last stable view, the last writable view this member installed. Only one side of a
 * partition can hold that majority, so at most one side writes. A member's first view is writable: it has
 * no earlier view to contradict (members that start apart each form a writable view of their own, until
 * they merge; start the members of a site together). Confined to the grid thread.
 *
 * <p>Also the member's lineage: the sequence of the last writable view it installed. Members whose lineage
 * is older than another's were on a minority side while the majority wrote; their copies are stale.
 */
final class Quorum {
    private Set<UuidAddress> stable;
    private long lineage;
    private boolean writable;

    /**
     * Takes in a newly installed view.
     *
     * @return the lineage before this view (what the member's copies reflect)
     */
    long install(View view) {
        long before = lineage;
        writable = stable == null || holdsMajority(view);
        if (writable) {
            stable = new HashSet<>(view.members());
            lineage = view.id().sequence();
        }
        return before;
    }

    boolean writable() {
        return writable;
    }

    private boolean holdsMajority(View view) {
        long present = stable.stream().filter(view::contains).count();
        return present * 2 > stable.size();
    }
}
