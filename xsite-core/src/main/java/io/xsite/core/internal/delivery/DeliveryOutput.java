package io.xsite.core.internal.delivery;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import java.util.List;

/**
 * Everything {@link ReliableDelivery} emits. Called on the member's executor, from inside the
 * delivery's entry points; implementations must not call back into the delivery re-entrantly except
 * from {@link #deliver} and {@link #windowOpened}, which run after the delivery's state is consistent.
 */
public interface DeliveryOutput {

    /**
     * Sends one frame to {@code to} (encode with {@link DeliveryCodec} after the frame envelope).
     *
     * @return false when the transport could not queue it now; the delivery retransmits later, and
     *         stops a retransmission burst at the first refusal
     */
    boolean send(UuidAddress to, DeliveryMessage message);

    /**
     * Hands one parcel from {@code from} to the application side: once, in the sender's order. Takes its
     * message: the output closes it when done with it (see {@link Message}).
     */
    void deliver(UuidAddress from, Parcel parcel);

    /** A send to {@code to} was refused for a full window and would be accepted now. */
    void windowOpened(UuidAddress to);

    /**
     * {@code to} left the view: its stream is gone, and these parcels, sent but not acknowledged, may
     * or may not have arrived (oldest first; possibly empty). Borrowed: their messages are closed when this
     * returns.
     */
    void dropped(UuidAddress to, List<Parcel> unacknowledged);
}
