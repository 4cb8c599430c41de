package io.xsite.core.internal.delivery;

import java.util.Objects;

/**
 * The frames of reliable delivery, one stream per sender and receiver. {@link DeliveryCodec} writes
 * them after the {@link io.xsite.core.frame.FrameEnvelope}.
 *
 * <p>A stream is named by its epoch, a random number the sender picks when it opens the stream (first
 * send to a peer in the view, again after the peer left and returned, again after the sender lost its
 * state by restarting). A receiver that sees a new epoch starts over; frames of an epoch it retired
 * are stale and dropped.
 */
public sealed interface DeliveryMessage permits DeliveryMessage.Data, DeliveryMessage.Ack {
    /**
     * The largest sequence number a stream uses or a received frame may carry ({@code 2^62}): a stream
     * numbers its parcels from 1 and never gets near it, and a receiver that adds one to a received
     * sequence number ({@code lowestUnacked - 1 + 1}, the next expected) cannot overflow.
     */
    long MAX_SEQUENCE = 1L << 62;

    /**
     * One parcel of a stream.
     *
     * @param epoch         the stream
     * @param seq           its position in the stream, {@code 1..MAX_SEQUENCE}
     * @param lowestUnacked the oldest sequence number the sender still holds ({@code <= seq}): a
     *                      receiver without state for this epoch starts there, because everything
     *                      older was acknowledged by an earlier incarnation of the receiver
     * @param parcel        the content
     */
    record Data(long epoch, long seq, long lowestUnacked, Parcel parcel) implements DeliveryMessage {
        public Data {
            Objects.requireNonNull(parcel, "parcel");
            if (lowestUnacked < 1 || lowestUnacked > seq || seq > MAX_SEQUENCE) {
                throw new IllegalArgumentException("need 1 <= lowestUnacked <= seq <= " + MAX_SEQUENCE + ": "
                        + lowestUnacked + ", " + seq);
            }
        }
    }

    /**
     * Cumulative acknowledgement: the receiver delivered everything of {@code epoch} up to {@code seq}.
     *
     * @param epoch the stream
     * @param seq   the highest sequence number delivered in order, {@code 0..MAX_SEQUENCE}
     */
    record Ack(long epoch, long seq) implements DeliveryMessage {
        public Ack {
            if (seq < 0 || seq > MAX_SEQUENCE) {
                throw new IllegalArgumentException("ack out of range: " + seq);
            }
        }
    }
}
