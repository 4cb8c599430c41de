package io.xsite.relay.internal.reliability;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.ReliabilityConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The origin's end of one stream to one destination: sequence numbers, the buffer of unacknowledged
 * elements and their resends. Confined to the thread of its owner {@link OriginStreams}.
 */
final class OriginStream {
    private final UuidAddress origin;
    private final Destination destination;
    private final long epoch;
    private final ReliabilityConfig config;
    private final long initialTimeoutNanos;
    private final long maxTimeoutNanos;
    /** Sent and not yet acknowledged, in sequence order. */
    private final ArrayDeque<Pending> unacked = new ArrayDeque<>();
    private long nextSeq = 1;
    private long unackedBytes;
    private long timeoutNanos;
    /**
     * No element of {@code unacked} went out before this (a lower bound of their {@code sentAt}): while
     * none can be due, a tick skips the walk over a buffer of thousands of elements.
     */
    private long earliestSentAt;
    /** Whether a send was refused since the buffer last had room: then room must be announced. */
    private boolean refused;

    OriginStream(UuidAddress origin, Destination destination, long epoch, ReliabilityConfig config) {
        this.origin = origin;
        this.destination = destination;
        this.epoch = epoch;
        this.config = config;
        this.initialTimeoutNanos = config.resendInitial().toNanos();
        this.maxTimeoutNanos = config.resendMax().toNanos();
        this.timeoutNanos = initialTimeoutNanos;
    }

    long epoch() {
        return epoch;
    }

    /** Assigns the next sequence number to {@code body} and transmits it, or refuses it when the buffer is full. */
    boolean send(Body body, long now, OriginOutput out) {
        if (unacked.size() >= config.bufferMessages() || unackedBytes + body.length() > config.bufferBytes()) {
            refused = true;
            return false;
        }
        Pending pending = new Pending(nextSeq++, body);
        if (unacked.isEmpty()) {
            earliestSentAt = now; // every element sent later goes out at this time or after it
        }
        unacked.addLast(pending);
        unackedBytes += body.length();
        transmit(pending, now, out);
        return true;
    }

    /**
     * Drops everything up to {@code seq} (ignoring an acknowledgement of elements never sent). Progress
     * resets the resend timeout, and announces room to a refused sender.
     */
    void onAck(long seq, OriginOutput out) {
        if (seq >= nextSeq) {
            return;
        }
        boolean progress = false;
        while (!unacked.isEmpty() && unacked.peekFirst().seq <= seq) {
            unackedBytes -= unacked.removeFirst().body.length();
            progress = true;
        }
        if (!progress) {
            return;
        }
        timeoutNanos = initialTimeoutNanos;
        if (refused) {
            refused = false;
            out.windowOpened(destination);
        }
    }

    /**
     * Sends again each element unacknowledged for the current timeout, and doubles the timeout (up to
     * the maximum) when any was due.
     *
     * @return how many were sent again
     */
    int resendDue(long now, OriginOutput out) {
        if (unacked.isEmpty() || now - earliestSentAt < timeoutNanos) {
            return 0;
        }
        int sent = 0;
        long earliest = now;
        for (Pending pending : unacked) {
            if (now - pending.sentAt >= timeoutNanos) {
                transmit(pending, now, out);
                sent++;
            } else if (pending.sentAt - earliest < 0) {
                earliest = pending.sentAt;
            }
        }
        earliestSentAt = earliest;
        if (sent > 0) {
            timeoutNanos = Math.min(timeoutNanos * 2, maxTimeoutNanos);
        }
        return sent;
    }

    /**
     * Sends every unacknowledged element again now (the path changed: what was in flight on the old
     * one is presumed lost) and starts the timeouts over.
     *
     * @return how many were sent again
     */
    int resendAll(long now, OriginOutput out) {
        timeoutNanos = initialTimeoutNanos;
        earliestSentAt = now;
        for (Pending pending : unacked) {
            transmit(pending, now, out);
        }
        return unacked.size();
    }

    /** The bodies sent and not acknowledged, oldest first. */
    List<Body> unacknowledged() {
        List<Body> bodies = new ArrayList<>(unacked.size());
        unacked.forEach(pending -> bodies.add(pending.body));
        return bodies;
    }

    int pending() {
        return unacked.size();
    }

    /** Whether a sender was refused and waits to hear of room. */
    boolean refused() {
        return refused;
    }

    private void transmit(Pending pending, long now, OriginOutput out) {
        pending.sentAt = now;
        // lowestUnacked as of now, not as of the first send: a receiver that starts on this element must
        // not wait for elements the origin has already let go of.
        out.transmit(new Sequenced(origin, destination, epoch, pending.seq, unacked.peekFirst().seq, pending.body));
    }

    /** One element in the buffer; {@code sentAt} is the last time it went out. */
    private static final class Pending {
        final long seq;
        final Body body;
        long sentAt;

        Pending(long seq, Body body) {
            this.seq = seq;
            this.body = body;
        }
    }
}
