package io.xsite.relay;

import io.xsite.core.address.UuidAddress;

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

    /** This member became ({@code true}) or ceased to be ({@code false}) a site master. */
    default void onSiteMasterChanged(boolean siteMaster) {
    }
}
