package io.xsite.core.internal.membership;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.membership.MembershipMessage.Heartbeat;
import io.xsite.core.internal.membership.MembershipMessage.VerifyRequest;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats to, and suspicion of, the other members of this member's view. A member not heard
 * from within the suspect timeout (or reported by a connection loss) is suspected and checked
 * directly with a {@link VerifyRequest}; a {@link Heartbeat} or answer withdraws the suspicion, and
 * silence until the verify timeout makes it verified dead. Membership decides what to do with the
 * dead. Confined to the member's executor, like {@link Membership}.
 */
final class FailureDetector {
    private static final Logger LOG = LoggerFactory.getLogger(FailureDetector.class);

    private final MembershipOutput output;
    private final String logName;
    private final long heartbeatNanos;
    private final long suspectNanos;
    private final long verifyNanos;
    /**
     * Every other member of the view, with the time anything was last heard from it. Insertion-ordered
     * like the other collections here: messages go out in view order, so seeded runs replay exactly.
     */
    private final Map<UuidAddress, Long> lastHeard = new LinkedHashMap<>();
    /** Suspected members, with the time their verification fails. */
    private final Map<UuidAddress, Long> verifyDeadlines = new LinkedHashMap<>();
    private final Set<UuidAddress> dead = new LinkedHashSet<>();
    /**
     * Members heard from since the last tick: their silence counts from that tick, at most one tick
     * late, so that a frame costs a set insertion instead of a clock reading and a map update.
     */
    private final Set<UuidAddress> heardSinceTick = new HashSet<>();
    /** The member last added to {@link #heardSinceTick}: frames come in runs from one peer. */
    private UuidAddress lastMarked;
    private long nextHeartbeat;
    private long nextVerifyRetransmit;

    FailureDetector(MembershipConfig config, MembershipOutput output, String logName) {
        this.output = output;
        this.logName = logName;
        this.heartbeatNanos = config.heartbeatInterval().toNanos();
        this.suspectNanos = config.suspectTimeout().toNanos();
        this.verifyNanos = config.verifyTimeout().toNanos();
    }

    /** Watches the members of {@code view} other than {@code self}; a newly watched member starts fresh. */
    void follow(View view, UuidAddress self, long now) {
        lastHeard.keySet().retainAll(view.members());
        verifyDeadlines.keySet().retainAll(view.members());
        dead.retainAll(view.members());
        for (UuidAddress member : view.members()) {
            if (!member.equals(self)) {
                lastHeard.putIfAbsent(member, now);
            }
        }
        nextHeartbeat = now;
    }

    /** Stops watching anyone: this member is in no view. */
    void clear() {
        lastHeard.clear();
        heardSinceTick.clear();
        lastMarked = null;
        verifyDeadlines.clear();
        dead.clear();
    }

    /**
     * Something arrived from {@code peer}: it is not silent (as of the next tick), though a suspicion
     * stands until it answers.
     */
    void onHeard(UuidAddress peer) {
        if (peer != lastMarked) {
            heardSinceTick.add(peer);
            lastMarked = peer;
        }
    }

    /** {@code peer} sent a heartbeat or answered a check: it is alive and counts us as a member. */
    void onAlive(UuidAddress peer, long now) {
        if (!lastHeard.containsKey(peer)) {
            return;
        }
        lastHeard.put(peer, now);
        if (verifyDeadlines.remove(peer) != null | dead.remove(peer)) {
            LOG.debug("[{}] suspicion of {} withdrawn: it answered", logName, Membership.name(peer));
        }
    }

    /** Suspects {@code peer} now (connection lost, or silent too long) unless it already is. */
    void suspect(UuidAddress peer, long now, String reason) {
        if (!lastHeard.containsKey(peer) || isSuspected(peer)) {
            return;
        }
        LOG.warn("[{}] suspecting {}: {}; verifying", logName, Membership.name(peer), reason);
        verifyDeadlines.put(peer, now + verifyNanos);
        output.send(peer, new VerifyRequest());
    }

    /**
     * A dial to {@code peer} was refused. While it is suspected, that answers its check: nothing listens at its
     * address, so its process is gone (a slow or paused member's socket still accepts connections), and it is
     * verified dead without waiting out the verify timeout. Otherwise it is suspected and checked.
     */
    void onRefused(UuidAddress peer, long now) {
        if (verifyDeadlines.remove(peer) != null) {
            LOG.info("[{}] {} refuses connections: verified dead", logName, Membership.name(peer));
            dead.add(peer);
        } else if (!dead.contains(peer)) {
            suspect(peer, now, "connection refused");
        }
    }

    /** Sends due heartbeats, suspects silent members, and turns unanswered checks into deaths. */
    void onTick(long now) {
        for (UuidAddress peer : heardSinceTick) {
            lastHeard.computeIfPresent(peer, (p, t) -> now);
        }
        heardSinceTick.clear();
        lastMarked = null;
        boolean heartbeatDue = now - nextHeartbeat >= 0;
        if (heartbeatDue) {
            nextHeartbeat = now + heartbeatNanos;
            for (UuidAddress member : lastHeard.keySet()) {
                output.send(member, new Heartbeat());
            }
        }
        for (Map.Entry<UuidAddress, Long> e : lastHeard.entrySet()) {
            if (now - e.getValue() >= suspectNanos) {
                suspect(e.getKey(), now, "silent for " + (now - e.getValue()) / 1_000_000 + " ms");
            }
        }
        // A check can be lost like any message: ask again while the verification lasts.
        boolean retransmit = now - nextVerifyRetransmit >= 0;
        if (retransmit) {
            nextVerifyRetransmit = now + heartbeatNanos;
        }
        verifyDeadlines.entrySet().removeIf(e -> {
            if (now - e.getValue() >= 0) {
                LOG.debug("[{}] {} did not answer its check: verified dead", logName, Membership.name(e.getKey()));
                dead.add(e.getKey());
                return true;
            }
            if (retransmit) {
                output.send(e.getKey(), new VerifyRequest());
            }
            return false;
        });
    }

    /** Whether {@code peer} is suspected or verified dead. */
    boolean isSuspected(UuidAddress peer) {
        return verifyDeadlines.containsKey(peer) || dead.contains(peer);
    }

    /** Members whose verification failed, until a view without them is installed. */
    Set<UuidAddress> dead() {
        return Collections.unmodifiableSet(dead);
    }
}
