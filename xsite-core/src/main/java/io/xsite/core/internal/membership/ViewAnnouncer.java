package io.xsite.core.internal.membership;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.membership.MembershipMessage.JoinResponse;
import io.xsite.core.internal.membership.MembershipMessage.ViewAnnouncement;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The coordinator's side of view changes: collects joiners and leavers, turns them (and verified
 * deaths) into the next view, and announces it until every member acknowledged it, was suspected,
 * or the view-ack timeout passed. One view is in flight at a time, so that members see views in the
 * same order; changes arriving meanwhile wait for the next view, which batches them. Members the view
 * drops (leavers, members excluded while alive) are told only once the others acknowledged it or the
 * timeout passed: a leaver closes its connections when it sees the view, and a member that still
 * counted it would take the closed connection for a crash. Confined to the member's executor.
 */
final class ViewAnnouncer {
    private final UuidAddress self;
    private final MembershipOutput output;
    private final long ackNanos;
    private final long retransmitNanos;
    private final int maxJoinBatch;
    private final Set<UuidAddress> joiners = new LinkedHashSet<>();
    private final Set<UuidAddress> leavers = new LinkedHashSet<>();
    private final Set<UuidAddress> unacked = new LinkedHashSet<>();
    private final Set<UuidAddress> admitted = new HashSet<>();
    /** Members of an earlier view that the view in flight dropped, told once it is acknowledged. */
    private final Set<UuidAddress> departed = new LinkedHashSet<>();
    private View inFlight;
    private long ackDeadline;
    private long nextRetransmit;

    ViewAnnouncer(MembershipConfig config, UuidAddress self, MembershipOutput output) {
        this.self = self;
        this.output = output;
        this.ackNanos = config.viewAckTimeout().toNanos();
        this.retransmitNanos = config.heartbeatInterval().toNanos();
        this.maxJoinBatch = config.maxJoinBatch();
    }

    /** Queues {@code joiner} for the next view; beyond a view's worth of waiting joiners, the rest retry later. */
    void addJoiner(UuidAddress joiner) {
        if (joiners.size() < View.MAX_MEMBERS) {
            joiners.add(joiner);
        }
    }

    void addLeaver(UuidAddress leaver) {
        leavers.add(leaver);
    }

    /** Forgets everything: this member no longer coordinates (joiners and leavers will retry). */
    void clear() {
        joiners.clear();
        leavers.clear();
        unacked.clear();
        admitted.clear();
        departed.clear();
        inFlight = null;
    }

    /** Whether {@code member} left the view in flight and waits to be told until the others acknowledged it. */
    boolean departing(UuidAddress member) {
        return departed.contains(member);
    }

    /** Whether a view still waits for acknowledgements from members that are not suspected. */
    boolean busy(long now, Predicate<UuidAddress> suspected) {
        unacked.removeIf(suspected);
        return !unacked.isEmpty() && now - ackDeadline < 0;
    }

    /**
     * The view after {@code current} without the {@code dead} and the leavers and with the waiting
     * joiners (at most a batch), or {@code null} when nothing changed.
     */
    View nextView(View current, Set<UuidAddress> dead) {
        List<UuidAddress> members = new ArrayList<>(current.members());
        boolean changed = members.removeIf(m -> dead.contains(m) || leavers.contains(m));
        for (UuidAddress joiner : joiners) {
            // A full view admits nobody: the view constructor would refuse it at every tick.
            if (members.size() - current.size() >= maxJoinBatch || members.size() >= View.MAX_MEMBERS) {
                break;
            }
            if (!members.contains(joiner)) {
                members.add(joiner);
                changed = true;
            }
        }
        return changed ? new View(current.id().next(self), members) : null;
    }

    /**
     * Announces {@code view}, which replaces {@code previous}: joiners get a {@link JoinResponse},
     * members an announcement, and members that are gone one announcement once the others acknowledged
     * it, so that leavers finish and members excluded while alive learn it and rejoin.
     */
    void announce(View view, View previous, long now) {
        inFlight = view;
        ackDeadline = now + ackNanos;
        nextRetransmit = now + retransmitNanos;
        unacked.clear();
        admitted.clear();
        for (UuidAddress member : view.members()) {
            if (!member.equals(self)) {
                unacked.add(member);
                if (joiners.remove(member)) {
                    admitted.add(member);
                }
            }
        }
        unacked.forEach(this::sendView);
        // Members dropped by an earlier view not yet told learn this one, which leaves them out as well.
        departed.removeIf(view::contains);
        if (previous != null) {
            previous.members().stream().filter(m -> !m.equals(self) && !view.contains(m)).forEach(departed::add);
        }
        leavers.removeIf(l -> !view.contains(l));
        if (unacked.isEmpty()) {
            tellDeparted();
        }
    }

    void onAck(UuidAddress from, ViewId id) {
        if (inFlight != null && inFlight.id().equals(id)) {
            unacked.remove(from);
            if (unacked.isEmpty()) {
                tellDeparted();
            }
        }
    }

    /**
     * Retransmits the view in flight to members that have not acknowledged it yet; tells the departed
     * once the acknowledgements are in or their time is up.
     */
    void onTick(long now) {
        if (inFlight != null && (unacked.isEmpty() || now - ackDeadline >= 0)) {
            tellDeparted();
        }
        if (inFlight == null || unacked.isEmpty() || now - ackDeadline >= 0 || now - nextRetransmit < 0) {
            return;
        }
        nextRetransmit = now + retransmitNanos;
        unacked.forEach(this::sendView);
    }

    private void tellDeparted() {
        departed.forEach(m -> output.send(m, new ViewAnnouncement(inFlight)));
        departed.clear();
    }

    private void sendView(UuidAddress member) {
        output.send(member, admitted.contains(member) ? new JoinResponse(inFlight) : new ViewAnnouncement(inFlight));
    }
}
