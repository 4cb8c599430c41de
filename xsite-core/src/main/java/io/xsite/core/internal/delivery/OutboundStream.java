package io.xsite.core.internal.delivery;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.delivery.DeliveryMessage.Data;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.delivery.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending end of one stream to one peer: sequence numbers, the window of unacknowledged parcels
 * and their retransmission. Confined to the member executor, like its owner {@link ReliableDelivery}.
 *
 * <p>It owns the messages it took until they are acknowledged (then it closes them, see {@link Message}) or
 * handed back ({@link #takeUnacknowledged}).
 */
final class OutboundStream {
    private final UuidAddress peer;
    private final long epoch;
    private final DeliveryConfig config;
    private final RetransmissionTimeout timeout;
    /** Sent and not yet acknowledged, in sequence order. */
    private final ArrayDeque<Pending> unacked = new ArrayDeque<>();
    private long nextSeq = 1;
    private long unackedBytes;
    /** The largest size refused since the window last opened; 0 when nobody waits. */
    private int refusedSize;

    OutboundStream(UuidAddress peer, long epoch, DeliveryConfig config) {
        this.peer = peer;
        this.epoch = epoch;
        this.config = config;
        this.timeout = new RetransmissionTimeout(config.retransmitInitial().toNanos(),
                config.retransmitMax().toNanos());
    }

    long epoch() {
        return epoch;
    }

    /**
     * Assigns the next sequence number to {@code parcel} and sends it, or refuses it when the window
     * is full (remembering that somebody waits for room).
     *
     * @return false when refused
     */
    boolean send(Parcel parcel, int size, long now, DeliveryOutput out) {
        if (!hasRoomFor(size)) {
            refusedSize = Math.max(refusedSize, size);
            return false;
        }
        Pending pending = new Pending(nextSeq++, parcel, size);
        unacked.addLast(pending);
        unackedBytes += size;
        transmit(pending, now, out);
        return true;
    }

    /**
     * Drops everything up to {@code seq}, and reports whether a refused sender may try again now.
     * Progress ends the retransmission backoff and measures a round trip when it can.
     */
    boolean onAck(long seq, long now) {
        if (unacked.isEmpty() || unacked.peekFirst().seq > seq) {
            return false;
        }
        // The oldest parcel acknowledged waited longest: acknowledgements are cumulative and batched, so
        // its wait, not the network's round trip, is what the timeout has to outlast.
        Pending oldest = unacked.peekFirst();
        timeout.onProgress(oldest.transmissions == 1 ? now - oldest.sentAt : -1);
        while (!unacked.isEmpty() && unacked.peekFirst().seq <= seq) {
            Pending acknowledged = unacked.removeFirst();
            unackedBytes -= acknowledged.size;
            acknowledged.parcel.message().close();
        }
        if (refusedSize > 0 && hasRoomFor(refusedSize)) {
            refusedSize = 0;
            return true;
        }
        return false;
    }

    /**
     * Sends again each parcel unacknowledged for the current timeout, and doubles the timeout (up to
     * the maximum) when any was due.
     *
     * @return how many were sent again
     */
    int retransmitDue(long now, DeliveryOutput out) {
        int sent = 0;
        for (Pending pending : unacked) {
            if (!pending.onWire || now - pending.sentAt >= timeout.nanos()) {
                if (!transmit(pending, now, out)) {
                    break;
                }
                sent++;
            }
        }
        if (sent > 0) {
            timeout.onTimeout();
        }
        return sent;
    }

    /**
     * Sends, in order, the parcels the transport refused (never on the wire), until it refuses again.
     *
     * @return how many went out
     */
    int transmitRefused(long now, DeliveryOutput out) {
        int sent = 0;
        for (Pending pending : unacked) {
            if (pending.onWire) {
                continue;
            }
            if (!transmit(pending, now, out)) {
                break;
            }
            sent++;
        }
        return sent;
    }

    /** Sends every unacknowledged parcel again now (the peer reconnected), until the transport refuses. */
    int retransmitAll(long now, DeliveryOutput out) {
        int sent = 0;
        for (Pending pending : unacked) {
            if (!transmit(pending, now, out)) {
                break;
            }
            sent++;
        }
        return sent;
    }

    /** The parcels sent and not acknowledged, oldest first, handed over (their messages too): the stream ends. */
    List<Parcel> takeUnacknowledged() {
        List<Parcel> parcels = new ArrayList<>(unacked.size());
        unacked.forEach(pending -> parcels.add(pending.parcel));
        unacked.clear();
        unackedBytes = 0;
        return parcels;
    }

    private boolean hasRoomFor(int size) {
        return unacked.size() < config.windowMessages() && unackedBytes + size <= config.windowBytes();
    }

    /**
     * Hands {@code pending} to the transport. A refused parcel is marked as not on the wire: the next
     * {@link #transmitRefused} (the transport has room again) or tick sends it, instead of its timer.
     */
    private boolean transmit(Pending pending, long now, DeliveryOutput out) {
        // lowestUnacked as of now, not as of the first send: a receiver that starts on this frame must
        // not wait for parcels the sender has already let go of.
        long lowest = unacked.peekFirst().seq;
        boolean taken = out.send(peer, new Data(epoch, pending.seq, lowest, pending.parcel));
        if (taken) {
            pending.sentAt = now;
            pending.onWire = true;
            pending.transmissions++;
        }
        return taken;
    }

    /** One parcel in the window; {@code sentAt} is the last of its {@code transmissions}, if {@code onWire}. */
    private static final class Pending {
        final long seq;
        final Parcel parcel;
        final int size;
        long sentAt;
        boolean onWire;
        int transmissions;

        Pending(long seq, Parcel parcel, int size) {
            this.seq = seq;
            this.parcel = parcel;
            this.size = size;
        }
    }
}
