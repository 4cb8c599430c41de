package io.xsite.core.internal.delivery;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.delivery.DeliveryMessage.Data;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.delivery.Message;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of the stream from one sender: the current epoch, what has been delivered, the
 * parcels held back behind a gap, and when the next cumulative acknowledgement is due. Confined to the
 * member executor, like its owner {@link ReliableDelivery}.
 *
 * <p>It owns the messages of the frames it takes (their payloads may be buffers, see {@link Message}): a
 * delivered one goes on to the consumer, one it holds back is closed when it lets go of it, and one it does
 * not take (a duplicate, stale, beyond the limit) is closed at once.
 */
final class InboundStream {
    private static final Logger LOG = LoggerFactory.getLogger(InboundStream.class);
    /** Epochs retired per sender: enough to outlast stale frames of the last few streams. */
    private static final int RETIRED_EPOCHS = 8;
    /** "No stream yet": senders never pick it. */
    static final long NO_EPOCH = 0;

    private final UuidAddress sender;
    private final DeliveryConfig config;
    private final ArrayDeque<Long> retired = new ArrayDeque<>(RETIRED_EPOCHS);
    private final TreeMap<Long, Parcel> held = new TreeMap<>();
    private long epoch = NO_EPOCH;
    private long delivered;
    private boolean ackDue;
    private long ackDueSince;
    private int messagesSinceAck;
    private long bytesSinceAck;

    InboundStream(UuidAddress sender, DeliveryConfig config) {
        this.sender = sender;
        this.config = config;
    }

    /** What {@link #onData} did with a frame. */
    enum Result {
        /** Delivered, held back or recognised as a duplicate; an acknowledgement is scheduled. */
        ACCEPTED,
        /** As {@link #ACCEPTED}, and half a window arrived since the last acknowledgement: ack now. */
        ACK_NOW,
        /** Beyond the out-of-order limit; it comes again by retransmission. */
        DROPPED,
        /** Of a retired epoch: stale. */
        STALE
    }

    /**
     * Takes one frame (its message included): delivers it and whatever it unblocks through {@code deliver},
     * in order and once, or holds it back, or drops it. {@code clock} is read only when an acknowledgement
     * starts to be due (once per acknowledgement, not per frame).
     */
    Result onData(Data data, int size, LongSupplier clock, Consumer<Parcel> deliver) {
        if (data.epoch() != epoch) {
            if (retired.contains(data.epoch()) || olderOfSameIncarnation(data.epoch())) {
                data.parcel().message().close();
                return Result.STALE;
            }
            startEpoch(data.epoch(), data.lowestUnacked());
        } else if (data.lowestUnacked() > delivered + 1) {
            // Cannot happen while this receiver alone acknowledges the stream; should it anyway, waiting
            // for parcels the sender dropped would stall the stream forever, so skip to what it holds.
            delivered = data.lowestUnacked() - 1;
            letGo(held.headMap(data.lowestUnacked(), false));
        }
        long seq = data.seq();
        if (seq == delivered + 1) {
            delivered = seq;
            deliver.accept(data.parcel());
            for (Map.Entry<Long, Parcel> next = held.firstEntry(); next != null && next.getKey() == delivered + 1;
                    next = held.firstEntry()) {
                held.pollFirstEntry();
                delivered++;
                deliver.accept(next.getValue());
            }
        } else if (seq > delivered) {
            if (seq - delivered > config.outOfOrderLimit()
                    || (held.size() >= config.outOfOrderLimit() && !held.containsKey(seq))) {
                data.parcel().message().close();
                return Result.DROPPED;
            }
            if (held.putIfAbsent(seq, data.parcel()) != null) {
                data.parcel().message().close();
            }
        } else {
            data.parcel().message().close();
        }
        // A duplicate (seq <= delivered) also schedules an ack: the sender resent because ours was lost.
        if (!ackDue) {
            ackDue = true;
            ackDueSince = clock.getAsLong();
        }
        messagesSinceAck++;
        bytesSinceAck += size;
        boolean halfWindow = messagesSinceAck >= Math.max(1, config.windowMessages() / 2)
                || bytesSinceAck >= config.windowBytes() / 2;
        return halfWindow ? Result.ACK_NOW : Result.ACCEPTED;
    }

    /** Whether an acknowledgement should go out now: one is due and the ack delay has passed. */
    boolean ackDue(long now) {
        return ackDue && now - ackDueSince >= config.ackDelay().toNanos();
    }

    /** The acknowledgement to send now; clears the pending one. */
    DeliveryMessage.Ack takeAck() {
        ackDue = false;
        messagesSinceAck = 0;
        bytesSinceAck = 0;
        return new DeliveryMessage.Ack(epoch, delivered);
    }

    /**
     * The transport refused the acknowledgement {@link #takeAck} gave: it is due again at once, so the
     * next tick retries it (a lost ack would leave the sender's window full until it retransmits).
     */
    void ackRefused(long now) {
        if (!ackDue) {
            ackDue = true;
            ackDueSince = now - config.ackDelay().toNanos();
        }
    }

    /** The sender left the view: let go of held parcels, keep the position and retired epochs. */
    void suspend() {
        letGo(held);
        ackDue = false;
        messagesSinceAck = 0;
        bytesSinceAck = 0;
    }

    long epoch() {
        return epoch;
    }

    /** Closes the messages of {@code parcels}, held back and given up, and removes them. */
    private static void letGo(Map<Long, Parcel> parcels) {
        parcels.values().forEach(parcel -> parcel.message().close());
        parcels.clear();
    }

    long delivered() {
        return delivered;
    }

    /**
     * Whether {@code other} is a stream the sender's current incarnation opened before the current one
     * (epochs carry the incarnation in their high half and a stream counter in the low half): a late
     * frame of it must not reset the stream, or its parcels would be delivered after newer ones.
     */
    private boolean olderOfSameIncarnation(long other) {
        return epoch != NO_EPOCH && (other >>> 32) == (epoch >>> 32)
                && Integer.compareUnsigned((int) other, (int) epoch) < 0;
    }

    private void startEpoch(long newEpoch, long lowestUnacked) {
        LOG.debug("stream from {} starts over: epoch {} -> {}, first seq {}", sender, epoch, newEpoch,
                lowestUnacked);
        if (epoch != NO_EPOCH) {
            if (retired.size() == RETIRED_EPOCHS) {
                retired.removeFirst();
            }
            retired.addLast(epoch);
        }
        epoch = newEpoch;
        // Everything before lowestUnacked was acknowledged to an earlier incarnation of this receiver or
        // before its state was forgotten: start where the sender still holds parcels.
        delivered = lowestUnacked - 1;
        letGo(held);
        messagesSinceAck = 0;
        bytesSinceAck = 0;
        ackDue = false;
    }
}
