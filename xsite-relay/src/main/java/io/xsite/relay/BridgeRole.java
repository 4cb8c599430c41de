package io.xsite.relay;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.relay.bridge.BridgeMember;
import io.xsite.relay.routing.DataRoute;
import io.xsite.relay.routing.Envelope;
import java.util.List;

/**
 * What a member is on the bridges, as {@link RelayEngine} asks it: on none ({@link NotOnBridges}), or on
 * every configured bridge as a site master or the standby ({@link SiteMasterRole}). The engine holds one
 * value and hands it the events of the bridges and the site; it asks the role instead of checking for one.
 * Confined to the relay thread.
 */
sealed interface BridgeRole permits NotOnBridges, SiteMasterRole {
    /** Whether this member is on the bridges: a site master or the standby. */
    boolean onBridges();

    /** Whether this member is a site master: it relays over the bridges and speaks for its site. */
    boolean siteMaster();

    /** The bridge members of this role; none when not on the bridges. */
    List<BridgeMember> bridges();

    /** The local view changed; {@code siteMasters} are its site masters. */
    void onLocalView(View view, List<UuidAddress> siteMasters);

    /** {@code bridge} installed {@code bridgeView}. */
    void onBridgeView(BridgeMember bridge, View bridgeView);

    /** A site's view, site-down notice or certificate flooded over {@code from}. */
    void onFlooded(BridgeMember from, Envelope envelope);

    /** Tells this site and the other sites about this site's view if it changed, as a site master. */
    void publishOwnView();

    /** Tells the other sites this site's renewed {@code certificate}, as a site master. */
    void announce(Envelope.SiteCertificate certificate);

    /**
     * Relays {@code envelope} over a bridge towards its site, whose wire form is {@code encoded} (borrowed; null:
     * none yet).
     * A site master's operation only ({@link #siteMaster()}).
     */
    void relay(Envelope.Routed envelope, ByteBuf encoded);

    /**
     * Relays {@code data} as its bytes when a bridge leads towards its site; false, with nothing sent, when none
     * does. A site master's operation only ({@link #siteMaster()}).
     */
    boolean relayAsIs(DataRoute data);

    /**
     * Leaves the bridges without waiting for them (their leave completes on the relay thread later) and returns
     * the role of a member on none.
     */
    BridgeRole leave();
}
