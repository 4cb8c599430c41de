package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.relay.internal.routing.Envelope;
import java.util.List;

/**
 * What a member is on the bridges, as {@link RelayEngine} asks it: on none ({@link NotOnBridges}), the standby
 * waiting to take the routes ({@link StandbyRole}), or a site master ({@link SiteMasterRole}). The engine holds
 * one value, hands it the events of the bridges and the site, and replaces it with what a transition returns;
 * what only a site master does (relay, publish, announce) is on {@link SiteMasterRole} alone. Confined to the
 * relay thread.
 */
sealed interface BridgeRole permits NotOnBridges, StandbyRole, SiteMasterRole {
    /** Whether this member is on the bridges: a site master or the standby. */
    boolean onBridges();

    /** The bridge members of this role; none when not on the bridges. */
    List<BridgeMember> bridges();

    /** The local view changed; {@code siteMasters} are its site masters. */
    void onLocalView(View view, List<UuidAddress> siteMasters);

    /** {@code bridge} installed {@code bridgeView}. */
    void onBridgeView(BridgeMember bridge, View bridgeView);

    /** A site's view, site-down notice or certificate flooded over {@code from}. */
    void onFlooded(BridgeMember from, Envelope envelope);

    /**
     * The role of a site master: this one, or one on the bridge members this role has (a standby takes the routes
     * without joining a bridge), or on bridge members started now. The engine hands it the local view next.
     */
    SiteMasterRole promote();

    /**
     * The role of the standby: this one, or one on the bridge members this role has (a site master that is now
     * next in line), or on bridge members started now.
     */
    StandbyRole standBy();

    /**
     * Leaves the bridges without waiting for them (their leave completes on the relay thread later) and returns
     * the role of a member on none.
     */
    NotOnBridges leave();
}
