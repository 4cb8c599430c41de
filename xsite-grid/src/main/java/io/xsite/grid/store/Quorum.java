package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether this member's side may accept writes (grid.md, "Partitions"): a view is writable when it holds a
 * majority of the last stable view, the last view this member settled as writable. Only one side of a
 * partition can hold that majority, so at most one side writes. A new site's first view is writable: it has
 * no earlier view to contradict (members that start apart each form a writable view of their own, until
 * they merge; start the members of a site together). Confined to the grid thread.
 *
 * <p>The decision is taken in two steps. At install, this member checks the view against its own last stable
 * view: without a majority of it the view is not writable, final. With one, the view is writable only once it
 * settles and every member of it found a majority of <em>its</em> last stable view too: a member that was cut
 * off may still hold an older, larger stable view, of which a minority side can hold a majority (cut off from
 * {a, b, c}, c holds a majority of {a, b, c} in {a, c}, while a's stable view is already {a, b}). A member
 * that never settled a writable view (a new site's member, or a joiner) checks against the first view it
 * installed instead: a joiner cut off before it settled must not write alone. And a view of such members only
 * is writable only if none of them heard of a writable view (a new site), never if they joined a site and
 * were cut off from it before they settled.
 *
 * <p>Also the member's lineage: the sequence of the last view it settled as writable. Members whose lineage
 * is older than another's were on a minority side while the majority wrote; their copies are stale.
 */
final class Quorum {
    private Set<UuidAddress> stable;
    private long lineage;
    private long heard;
    private boolean writable;

    /**
     * Takes in a newly installed view, undecided until {@link #settle}.
     *
     * @return whether the view holds a majority of this member's last stable view (or of its first view, before
     *         it settled one as writable); false: not writable, final
     */
    boolean install(View view) {
        if (stable == null) {
            stable = new HashSet<>(view.members());
        }
        writable = holdsMajority(view);
        return writable;
    }

    /** Another member's lineage, from its view state: a writable view this member has heard of. */
    void heard(long otherLineage) {
        heard = Math.max(heard, otherLineage);
    }

    /**
     * The view settled: decides from every member's view state (this member's included), each as it was sent
     * on installing the view, so that every member decides the same.
     */
    void settle(View view, Collection<GridMessage.ViewState> states) {
        boolean everyMajority = states.stream().allMatch(GridMessage.ViewState::majority);
        boolean anyLineage = states.stream().anyMatch(s -> s.lineage() > 0);
        boolean anyHeard = states.stream().anyMatch(s -> s.heard() > 0);
        writable = everyMajority && (anyLineage || !anyHeard);
        if (writable) {
            stable = new HashSet<>(view.members());
            lineage = view.id().sequence();
            heard = Math.max(heard, lineage);
        }
    }

    /**
     * Whether operations may proceed: the view is writable, or not yet settled after holding this member's
     * majority (operations then wait for the segments to be ready, which needs the view to settle).
     */
    boolean writable() {
        return writable;
    }

    /** The sequence of the last view this member settled as writable; 0 before any. */
    long lineage() {
        return lineage;
    }

    /** The newest lineage this member has heard of, its own included; 0 before any. */
    long heardLineage() {
        return heard;
    }

    /**
     * The members whose copies are the newest, from every member's view state: those whose lineage is the newest
     * one, and those that installed that lineage's view without settling it (none when no member ever settled a
     * writable view). A member misses the newest view's settling when a view state it waited for comes after the
     * next view, or never (its sender crashed), while the others settled it: it was in that view all the same, so
     * it holds every write acknowledged there in the segments it owned (each needed its copy), and no write happened
     * in those it was primary of (never ready there). Counting it stale would drop copies the others may still be
     * fetching, the only complete ones of a segment when the site grew from one member.
     */
    static Set<UuidAddress> newestCopies(Map<UuidAddress, GridMessage.ViewState> states) {
        long newest = states.values().stream().mapToLong(GridMessage.ViewState::lineage).max().orElse(0);
        if (newest == 0) {
            return Set.of();
        }
        // A member's installed views start with its lineage view, whenever it has a lineage.
        Set<ViewStamp> newestViews = states.values().stream().filter(s -> s.lineage() == newest
                && !s.installed().isEmpty()).map(s -> s.installed().get(0)).collect(Collectors.toSet());
        Set<UuidAddress> members = new HashSet<>();
        states.forEach((member, state) -> {
            if (state.lineage() == newest || state.installed().stream().anyMatch(newestViews::contains)) {
                members.add(member);
            }
        });
        return members;
    }

    /**
     * Whether the members holding the newest copies come from different histories: their lineage is the same
     * sequence of different views. Only members that started apart write so, each side a new site of its own until
     * they merge (docs/design.md, "Known limits"); each side's copies miss the other's writes (a state transfer's
     * chunks taken by one side, say), so no copy is complete: nothing is carried over, and every primary merges the
     * copies of every holder.
     */
    static boolean divergent(Map<UuidAddress, GridMessage.ViewState> states) {
        long newest = states.values().stream().mapToLong(GridMessage.ViewState::lineage).max().orElse(0);
        return newest > 0 && states.values().stream().filter(s -> s.lineage() == newest && !s.installed().isEmpty())
                .map(s -> s.installed().get(0)).distinct().count() > 1;
    }

    private boolean holdsMajority(View view) {
        long present = stable.stream().filter(view::contains).count();
        return present * 2 > stable.size();
    }
}
