package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;

/**
 * Hears a relay node's events, on the node's relay thread (must not block). Every method does nothing
 * unless overridden.
 */
public interface RelayListener {
    /** {@code site} became reachable (first seen, or back after being down). */
    default void onSiteUp(String site) {
    }

    /** {@code site} left the bridges: requests to its members fail at once until it is back. */
    default void onSiteDown(String site) {
    }

    /** A message or request to {@code member} found it missing from its site's view. */
    default void onMemberUnreachable(UuidAddress member) {
    }

    /**
     * Messages this node sent to another site will not be delivered (at all, or at one member of a destination
     * site): the destination went down or left its site, a member missed them, or the receiver had forgotten the
     * stream. Each accepted message is delivered once and in order, or counted in such an event.
     */
    default void onUndelivered(UndeliveredMessages undelivered) {
    }

    /** This member became ({@code true}) or ceased to be ({@code false}) a site master. */
    default void onSiteMasterChanged(boolean siteMaster) {
    }
}
