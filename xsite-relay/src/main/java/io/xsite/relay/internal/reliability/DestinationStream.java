package io.xsite.relay.internal.reliability;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import io.xsite.relay.reliability.ReliabilityConfig;

/**
 * A receiver's end of one stream (one origin, one destination): the current epoch, what has been
 * delivered, the elements held back behind a missing one, and when the next acknowledgement or gap
 * skip is due. A stream the receiver forgot is refused instead ({@link Position#refused()}): none of its current
 * epoch's elements is delivered, and the origin is told so until it opens a newer epoch. Confined to the
 * thread of its owner {@link DestinationStreams}.
 */
final class DestinationStream {
    /** Epochs retired per stream: enough to outlast stale frames of the last few incarnations. */
    private static final int RETIRED_EPOCHS = 8;
    private static final long NEVER = Long.MIN_VALUE;

    private final ReliabilityConfig config;
    private final ReceiverRole role;
    private final ArrayDeque<Long> retired = new ArrayDeque<>(RETIRED_EPOCHS);
    private final TreeMap<Long, Sequenced> held = new TreeMap<>();
    private long epoch = OriginEpochs.NO_EPOCH;
    private long delivered;
    /** Whether the current epoch is refused: this receiver forgot what it delivered of it. */
    private boolean refused;
    private long gapSince = NEVER;
    private long ackDueSince = NEVER;
    private int messagesSinceAck;
    private long bytesSinceAck;

    /** A stream this receiver never knew. */
    DestinationStream(ReliabilityConfig config, ReceiverRole role) {
        this.config = config;
        this.role = role;
    }

    /** A stream resumed at its remembered {@code position}. */
    static DestinationStream resume(ReliabilityConfig config, ReceiverRole role, Position position) {
        DestinationStream stream = new DestinationStream(config, role);
        stream.epoch = position.epoch();
        stream.delivered = position.delivered();
        stream.refused = position.refused();
        return stream;
    }

    /**
     * Where the stream stands, to be kept once its whole state is given up: a {@link ReceiverRole#SITE_MEMBER}
     * first skips (reporting) the gaps in front of what it holds, as nobody would fill them; an acknowledging
     * receiver drops what it holds, which the origin still has. A refused stream stays refused.
     */
    Position settle(long now, DestinationOutput out) {
        if (role == ReceiverRole.SITE_MEMBER && !refused) {
            while (!held.isEmpty()) {
                skipGap(now, out);
            }
        }
        return new Position(epoch, delivered, refused);
    }

    /** What {@link #onSequenced} did with an element. */
    enum Outcome {
        /** Delivered or held back. */
        ACCEPTED,
        /** Delivered or held back, and an acknowledgement should go out now (a gap closed, or half a buffer arrived). */
        ACK_NOW,
        /** Already delivered or held, or of a retired epoch: dropped. */
        DUPLICATE,
        /** Too far ahead of the delivered position; the origin sends it again. */
        DROPPED,
        /** Of a refused epoch: not delivered; the origin hears of the refusal with the next tick. */
        REFUSED
    }

    /** Takes one element: delivers it and whatever it unblocks, in order and once, or holds or drops it. */
    Outcome onSequenced(Sequenced element, long now, DestinationOutput out) {
        if (element.epoch() != epoch) {
            if (epoch != OriginEpochs.NO_EPOCH
                    && (retired.contains(element.epoch()) || OriginEpochs.olderSibling(element.epoch(), epoch))) {
                return Outcome.DUPLICATE;
            }
            startEpoch(element.epoch(), role == ReceiverRole.ACKNOWLEDGING ? element.lowestUnacked() - 1 : 0);
        }
        if (refused) {
            return refuse(element, now, out);
        }
        if (role == ReceiverRole.ACKNOWLEDGING && element.lowestUnacked() > delivered + 1) {
            // Another acknowledging receiver (a site master before this one) took these for the site; the
            // origin let them go, so waiting for them would stall the stream forever.
            delivered = element.lowestUnacked() - 1;
            held.headMap(element.lowestUnacked(), false).clear();
        }
        long seq = element.seq();
        boolean gapClosed = false;
        if (seq <= delivered || held.containsKey(seq)) {
            if (role == ReceiverRole.SITE_MEMBER) {
                return Outcome.DUPLICATE;
            }
            // Acknowledge a duplicate too: the origin resent it because our acknowledgement was lost.
            scheduleAck(element, now);
            return Outcome.DUPLICATE;
        } else if (seq == delivered + 1) {
            delivered = seq;
            out.deliver(element);
            gapClosed = deliverHeld(now, out);
        } else if (role == ReceiverRole.ACKNOWLEDGING) {
            if (seq - delivered > config.outOfOrderLimit() || held.size() >= config.outOfOrderLimit()) {
                return Outcome.DROPPED;
            }
            hold(element, now);
        } else {
            // Nobody resends to a site member: rather than drop what arrived, give up the oldest gap.
            hold(element, now);
            while (held.size() > config.outOfOrderLimit()) {
                skipGap(now, out);
            }
        }
        if (role == ReceiverRole.SITE_MEMBER) {
            return Outcome.ACCEPTED;
        }
        boolean halfBuffer = scheduleAck(element, now);
        return gapClosed || halfBuffer ? Outcome.ACK_NOW : Outcome.ACCEPTED;
    }

    /** Whether an acknowledgement waited for the ack delay. */
    boolean ackDue(long now) {
        return ackDueSince != NEVER && now - ackDueSince >= config.ackDelay().toNanos();
    }

    /** The highest seq delivered in order; clears the pending acknowledgement. */
    long takeAck() {
        ackDueSince = NEVER;
        messagesSinceAck = 0;
        bytesSinceAck = 0;
        return delivered;
    }

    /** Skips the gap in front of the held elements if it stayed open for {@link ReliabilityConfig#gapSkipAfter()}. */
    void skipExpiredGap(long now, DestinationOutput out) {
        if (gapSince != NEVER && now - gapSince >= config.gapSkipAfter().toNanos()) {
            skipGap(now, out);
        }
    }

    /** Whether a tick has something to do here: an acknowledgement or a gap is pending. */
    boolean needsTicks() {
        return ackDueSince != NEVER || gapSince != NEVER;
    }

    long epoch() {
        return epoch;
    }

    /** Whether the current epoch is refused: what is due at a tick is a refusal notice, not an acknowledgement. */
    boolean refused() {
        return refused;
    }

    /** Whether an acknowledgement (or a refusal notice) is scheduled and not yet sent. */
    boolean ackPending() {
        return ackDueSince != NEVER;
    }

    /** An element of a refused epoch: a site member reports it never delivered; the origin hears of the refusal. */
    private Outcome refuse(Sequenced element, long now, DestinationOutput out) {
        if (role == ReceiverRole.SITE_MEMBER) {
            out.skipped(element.origin(), element.destination(), epoch, element.seq(), element.seq());
        }
        if (ackDueSince == NEVER) {
            ackDueSince = now;
        }
        return Outcome.REFUSED;
    }

    private void hold(Sequenced element, long now) {
        held.put(element.seq(), element);
        // Only a site member waits out a gap: an acknowledging receiver's gaps are filled by resends.
        if (role == ReceiverRole.SITE_MEMBER && gapSince == NEVER) {
            gapSince = now;
        }
    }

    /** Delivers the held elements that follow the delivered position; reports whether any did. */
    private boolean deliverHeld(long now, DestinationOutput out) {
        boolean any = false;
        for (Map.Entry<Long, Sequenced> next = held.firstEntry(); next != null && next.getKey() == delivered + 1;
                next = held.firstEntry()) {
            held.pollFirstEntry();
            delivered++;
            out.deliver(next.getValue());
            any = true;
        }
        // A gap that remains is a new one: its wait starts now.
        if (held.isEmpty()) {
            gapSince = NEVER;
        } else if (any && gapSince != NEVER) {
            gapSince = now;
        }
        return any;
    }

    private void skipGap(long now, DestinationOutput out) {
        Sequenced first = held.firstEntry().getValue();
        out.skipped(first.origin(), first.destination(), epoch, delivered + 1, first.seq() - 1);
        delivered = first.seq() - 1;
        deliverHeld(now, out);
    }

    /** Schedules an acknowledgement; reports whether half a buffer arrived since the last one. */
    private boolean scheduleAck(Sequenced element, long now) {
        if (ackDueSince == NEVER) {
            ackDueSince = now;
        }
        messagesSinceAck++;
        bytesSinceAck += element.body().length();
        return messagesSinceAck >= Math.max(1, config.bufferMessages() / 2)
                || bytesSinceAck >= config.bufferBytes() / 2;
    }

    private void startEpoch(long newEpoch, long deliveredBefore) {
        if (epoch != OriginEpochs.NO_EPOCH) {
            if (retired.size() == RETIRED_EPOCHS) {
                retired.removeFirst();
            }
            retired.addLast(epoch);
        }
        epoch = newEpoch;
        delivered = deliveredBefore;
        refused = false;
        held.clear();
        gapSince = NEVER;
        ackDueSince = NEVER;
        messagesSinceAck = 0;
        bytesSinceAck = 0;
    }
}
