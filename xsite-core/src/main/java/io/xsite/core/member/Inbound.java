package io.xsite.core.member;

import io.xsite.core.address.UuidAddress;
import io.xsite.core.delivery.DeliveryMessage;
import io.xsite.core.membership.MembershipMessage;

/** A decoded frame on its way from an I/O thread to the member's executor. */
sealed interface Inbound {
    /** The member that sent it. */
    UuidAddress from();

    /** A membership frame. */
    record Membership(UuidAddress from, MembershipMessage message) implements Inbound {
    }

    /** A reliable-delivery frame. */
    record Delivery(UuidAddress from, DeliveryMessage message) implements Inbound {
    }
}
