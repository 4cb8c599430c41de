package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.member.Discovered;
import io.xsite.core.membership.View;
import io.xsite.relay.internal.bridge.SiteMasters;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who the site masters and the standby of this member's site are, as this member sees it: the first eligible
 * members of its view ({@link SiteMasters#pick}) and the next in line ({@link SiteMasters#standby}), except
 * while it waits alone in a view of its own.
 *
 * <p>Members that start together each begin alone and merge, and a member whose queries go unanswered while it
 * joins starts alone too; as site master it would join the bridges and hand over moments later. So a member
 * alone in its view, and not on the bridges already, names no site master until a discovery round that ended
 * after it came to be alone found nobody (the round that made it start alone does not count: a slow round
 * misses members that are there), until its view grows (the site masters are picked from that view), or until
 * the grace passed (a merge that does not come). Confined to the relay thread.
 */
final class SiteMasterElection {
    private static final Logger log = LoggerFactory.getLogger(SiteMasterElection.class);

    /** The site masters (empty: none yet) and the standby (null: none) of a view. */
    record Outcome(List<UuidAddress> siteMasters, UuidAddress standby) {
        static final Outcome NONE = new Outcome(List.of(), null);

        Outcome {
            siteMasters = List.copyOf(siteMasters);
        }
    }

    private final int maxSiteMasters;
    private final long graceNanos;
    private final String logName;
    /** The view this member came to be alone in, not on the bridges; null when it is not alone. */
    private View waitingIn;
    /** Whether the last election in {@code waitingIn} named nobody: this member waits. */
    private boolean waiting;
    private long waitingSince;
    /** The discovery round that had ended when this member came to be alone. */
    private long waitingFromRound;

    /**
     * @param maxSiteMasters how many members are site masters
     * @param graceNanos     how long a member alone in its view waits at most for the members its discovery found
     */
    SiteMasterElection(int maxSiteMasters, long graceNanos, String logName) {
        this.maxSiteMasters = maxSiteMasters;
        this.graceNanos = graceNanos;
        this.logName = logName;
    }

    /**
     * The site masters and standby of {@code view}, as of {@code now}.
     *
     * @param onBridges  whether this member is on the bridges already (site master or standby): it does not wait
     * @param discovered what this member's latest discovery round found
     */
    Outcome elect(View view, boolean onBridges, Discovered discovered, long now) {
        waiting = waits(view, onBridges, discovered, now);
        if (waiting) {
            return Outcome.NONE;
        }
        List<UuidAddress> masters = SiteMasters.pick(view, maxSiteMasters, SiteMasters::flagged);
        return new Outcome(masters, SiteMasters.standby(view, masters, SiteMasters::flagged).orElse(null));
    }

    /** Whether this member waits alone in {@code view} and ought to elect again now: its wait is over. */
    boolean waitOver(View view, Discovered discovered, long now) {
        return waiting && view.equals(waitingIn) && !stillWaiting(discovered, now);
    }

    private boolean waits(View view, boolean onBridges, Discovered discovered, long now) {
        if (view.size() > 1 || onBridges) {
            waitingIn = null;
            return false;
        }
        if (!view.equals(waitingIn)) {
            waitingIn = view;
            waitingSince = now;
            waitingFromRound = discovered.round();
            log.info("[{}] alone in view {}: not site master before discovery confirms it ({} other members found)",
                    logName, view.id().sequence(), discovered.others().size());
        }
        return stillWaiting(discovered, now);
    }

    private boolean stillWaiting(Discovered discovered, long now) {
        boolean alone = discovered.round() > waitingFromRound && discovered.others().isEmpty();
        return !alone && now - waitingSince < graceNanos;
    }
}
