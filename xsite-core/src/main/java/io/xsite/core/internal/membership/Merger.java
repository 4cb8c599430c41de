package io.xsite.core.internal.membership;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorQuery;
import io.xsite.core.internal.membership.MembershipMessage.MergeRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeResponse;
import io.xsite.core.internal.membership.MembershipMessage.ViewAnnouncement;
import io.xsite.core.membership.MemberOrder;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merging of views after a partition heals, on the coordinator. Periodically it runs discovery and
 * asks every candidate for its view; when another coordinator of the same cluster answers with a
 * different view, the coordinator with the smaller address leads: it sends a {@link MergeRequest} to
 * every such coordinator, and from the views they send back builds one view of its own members
 * followed by theirs. The other coordinators hold back views of their own meanwhile. The same check
 * finds members of its own view that still answer with an older view, and sends them the current
 * one. Confined to the member's executor.
 */
final class Merger {
    private static final Logger LOG = LoggerFactory.getLogger(Merger.class);

    private final UuidAddress self;
    private final MembershipOutput output;
    private final String logName;
    private final long checkNanos;
    private final long aloneCheckNanos;
    private final long responseNanos;
    private final Set<UuidAddress> queried = new HashSet<>();
    /** The members the latest discovery found: the only coordinators this member agrees to merge with. */
    private final Set<UuidAddress> discovered = new HashSet<>();
    private final Set<UuidAddress> asked = new LinkedHashSet<>();
    /** Views of the coordinators that agreed, by coordinator in member order. */
    private final Map<UuidAddress, View> responses = new TreeMap<>(MemberOrder.ORDER);
    private final Set<UuidAddress> refused = new HashSet<>();
    /** Coordinators that answered this check themselves. */
    private final Set<UuidAddress> heard = new HashSet<>();
    /** Views that members reported, by their coordinator, in member order. */
    private final Map<UuidAddress, View> reported = new TreeMap<>(MemberOrder.ORDER);
    private boolean checking;
    private long checkDeadline;
    private long nextCheck;
    private long responseDeadline;
    private UuidAddress frozenFor;
    private long frozenUntil;
    /** Until when the merged view of {@code frozenFor} is taken from it: its answers, announcement and retransmissions. */
    private long agreedUntil;

    Merger(MembershipConfig config, UuidAddress self, MembershipOutput output, String logName) {
        this.self = self;
        this.output = output;
        this.logName = logName;
        this.checkNanos = config.mergeCheckInterval().toNanos();
        this.aloneCheckNanos = config.discoveryInterval().toNanos();
        this.responseNanos = config.viewAckTimeout().toNanos();
    }

    /** This member became coordinator of {@code view} (or installed it as one): schedule the next check. */
    void onCoordinating(View view, long now) {
        reset();
        frozenFor = null;
        nextCheck = now + (view.size() == 1 ? aloneCheckNanos : checkNanos);
    }

    /** Runs discovery when a check is due; a coordinator alone checks as often as a joiner looks. */
    void onTick(View view, long now) {
        if (now - nextCheck >= 0 && !leading(now)) {
            nextCheck = now + (view.size() == 1 ? aloneCheckNanos : checkNanos);
            reset();
            checking = true;
            checkDeadline = now + responseNanos;
            output.discover();
        }
    }

    void onDiscovered(Collection<UuidAddress> candidates) {
        discovered.clear();
        discovered.addAll(candidates);
        for (UuidAddress candidate : candidates) {
            if (!candidate.equals(self) && queried.add(candidate)) {
                output.send(candidate, new CoordinatorQuery(false));
            }
        }
    }

    /** An answer to one of our queries: another coordinator (or a member that names one) may be found. */
    void onAnswer(UuidAddress from, View answered, View mine, boolean busy, long now) {
        // Only answers to this check's queries: an unsolicited answer would have us merge a stranger's view.
        if (answered == null || answered.id().equals(mine.id()) || !queried.contains(from)) {
            return;
        }
        UuidAddress other = answered.coordinator();
        boolean behind = mine.contains(from) && mine.id().isNewerThan(answered.id());
        if (other.equals(self) || (behind && mine.contains(other) && !from.equals(other))) {
            if (behind) {
                // A member that missed our latest view gets it again: every retransmission was lost, or it
                // was merged in and waits for its former coordinator (now one of ours) to confirm the view.
                output.send(from, new ViewAnnouncement(mine));
            }
            return;
        }
        if (!from.equals(other)) {
            // A member of another view: its coordinator answers for that view.
            reported.merge(other, answered, (a, b) -> b.id().isNewerThan(a.id()) ? b : a);
            if (queried.add(other)) {
                output.send(other, new CoordinatorQuery(false));
            }
            return;
        }
        heard.add(other);
        // A coordinator that agreed to another leader's merge waits for it instead of leading its own.
        if (MemberOrder.ORDER.compare(self, other) < 0 && !busy && !frozen(now) && asked.add(other)) {
            LOG.debug("[{}] asking coordinator {} of {} to merge", logName, Membership.name(other), answered.id());
            output.send(other, new MergeRequest(mine.id()));
            responseDeadline = now + responseNanos;
        }
    }

    /**
     * Another coordinator asks to lead a merge: agree unless it should not lead, this member is busy,
     * leads a merge itself, or already agreed to another leader that has not finished yet. The leader
     * must also be among the members this coordinator's own latest discovery found: agreeing lets the
     * leader announce the view this member installs, and a stranger that merely connects is no
     * coordinator of this cluster. After a partition heals, that can cost the leader a merge check
     * until this member's next discovery finds it.
     */
    void onMergeRequest(UuidAddress leader, View mine, boolean busy, long now) {
        if (!discovered.contains(leader)) {
            output.dropped(leader, MembershipDrop.MERGE_NOT_DISCOVERED);
            LOG.debug("[{}] merge request from {}, which our discovery did not find; refused", logName,
                    Membership.name(leader));
            output.send(leader, new MergeResponse(null));
            return;
        }
        boolean otherLeader = frozenFor != null && !frozenFor.equals(leader) && now - frozenUntil < 0;
        if (busy || otherLeader || leading(now) || MemberOrder.ORDER.compare(leader, self) >= 0) {
            output.send(leader, new MergeResponse(null));
            return;
        }
        frozenFor = leader;
        frozenUntil = now + 2 * responseNanos;
        // The leader waits up to a response timeout for the other coordinators, then announces and
        // retransmits for a view-ack timeout.
        agreedUntil = now + 3 * responseNanos;
        output.send(leader, new MergeResponse(mine));
    }

    void onMergeResponse(UuidAddress from, View view) {
        if (!asked.contains(from)) {
            return;
        }
        if (view != null) {
            responses.put(from, view);
        } else {
            refused.add(from);
        }
    }

    /**
     * Whether this member agreed to a merge led by {@code leader} recently enough that the merged view
     * may come from it: the only view a coordinator takes from a member outside its view.
     */
    boolean agreedTo(UuidAddress leader, long now) {
        return leader.equals(frozenFor) && now - agreedUntil < 0;
    }

    /** Whether this member agreed to a merge led by another and waits for its view. */
    boolean frozen(long now) {
        return frozenFor != null && now - frozenUntil < 0;
    }

    /**
     * The merged view when every asked coordinator answered or the wait is over, or {@code null}: the
     * members of {@code mine} without the {@code dead} first, then those of the other views in order.
     */
    View mergedView(View mine, Set<UuidAddress> dead, long now) {
        if (checking && now - checkDeadline >= 0) {
            checking = false;
            adoptOrphans(now);
        }
        if (asked.isEmpty() || leading(now)) {
            return null;
        }
        List<View> views = new ArrayList<>(responses.values());
        reset();
        if (views.isEmpty()) {
            return null;
        }
        Set<UuidAddress> members = new LinkedHashSet<>(mine.members());
        members.removeAll(dead);
        long sequence = mine.id().sequence();
        for (View view : views) {
            members.addAll(view.members());
            sequence = Math.max(sequence, view.id().sequence());
        }
        if (members.size() > View.MAX_MEMBERS) {
            LOG.warn("[{}] not merging {} with {}: {} members are more than a view holds", logName, mine.id(),
                    views.stream().map(View::id).toList(), members.size());
            return null;
        }
        LOG.debug("[{}] merging {} with {}", logName, mine.id(), views.stream().map(View::id).toList());
        return new View(new ViewId(self, Math.addExact(sequence, 1)), List.copyOf(members));
    }

    /**
     * Members reported a view whose coordinator did not answer (it crashed before anyone took over,
     * or they wait for a member that is in another view): nobody else would merge them, so their
     * view joins this merge as if its coordinator had agreed; the dead are excluded afterwards.
     */
    private void adoptOrphans(long now) {
        if (frozen(now)) {
            return;
        }
        reported.forEach((coordinator, view) -> {
            if (!heard.contains(coordinator) && asked.add(coordinator)) {
                LOG.debug("[{}] coordinator {} of {} is silent; merging its members", logName,
                        Membership.name(coordinator), view.id());
                responses.put(coordinator, view);
                responseDeadline = now;
            }
        });
    }

    /** Whether this member asked for a merge and still waits for answers. */
    private boolean leading(long now) {
        return !asked.isEmpty() && responses.size() + refused.size() < asked.size() && now - responseDeadline < 0;
    }

    private void reset() {
        queried.clear();
        asked.clear();
        responses.clear();
        refused.clear();
        heard.clear();
        reported.clear();
        checking = false;
    }
}
