package io.xsite.core.member;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.delivery.DeliveryMessage;
import io.xsite.core.internal.membership.MembershipMessage;

/**
 * A decoded frame on its way from an I/O thread to the member's executor. A delivery frame's message may hold
 * a buffer (see {@link io.xsite.core.delivery.Message}): the protocol takes it, or {@link #close()} releases it.
 */
sealed interface Inbound extends AutoCloseable {
    /** The member that sent it. */
    UuidAddress from();

    /** Releases what the frame holds, when it does not reach the protocol. */
    @Override
    default void close() {
        if (this instanceof Delivery delivery && delivery.message() instanceof DeliveryMessage.Data data) {
            data.parcel().message().close();
        }
    }

    /** A membership frame. */
    record Membership(UuidAddress from, MembershipMessage message) implements Inbound {
    }

    /** A reliable-delivery frame. */
    record Delivery(UuidAddress from, DeliveryMessage message) implements Inbound {
    }
}
