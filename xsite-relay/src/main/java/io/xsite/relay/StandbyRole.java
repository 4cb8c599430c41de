package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.relay.internal.bridge.SiteMasters;
import io.xsite.relay.internal.routing.Envelope;
import java.util.List;

/**
 * The role of the site's standby site master (the next in line, {@link SiteMasters#standby}):
 * on every bridge already, keeping their routing table, but speaking for nobody. It relays nothing (its own
 * traffic goes through the first site master like any member's; what reaches it over a bridge anyway, as another
 * site's stale view may route there, {@link RelayEngine} hands on as a site master would), publishes no view and
 * passes on no flooded view, certificate or site-down notice. It keeps the other sites' views and certificates,
 * which it needs once it is site master: they reached it when its bridge members joined, and no site sends them
 * again before its view changes. When a view makes it a site master, {@link #promote} has it take the routes at
 * once, without joining a bridge or waiting for the bridge to exclude the member it replaces.
 */
final class StandbyRole implements BridgeRole {
    private final RoleContext context;
    private final BridgeMembers bridges;

    /** The standby on {@code bridges}, started already. */
    StandbyRole(RoleContext context, BridgeMembers bridges) {
        this.context = context;
        this.bridges = bridges;
    }

    @Override
    public boolean onBridges() {
        return true;
    }

    @Override
    public List<BridgeMember> bridges() {
        return bridges.list();
    }

    @Override
    public void onLocalView(View view, List<UuidAddress> siteMasters) {
    }

    @Override
    public void onBridgeView(BridgeMember bridge, View bridgeView) {
        bridges.onView(bridge, bridgeView);
    }

    /** Keeps what other sites' views and certificates say; passes nothing on (a site master of this site does). */
    @Override
    public void onFlooded(BridgeMember from, Envelope envelope) {
        RelayEngine engine = context.engine();
        if (envelope instanceof Envelope.Topology update && !update.view().site().equals(context.config().site())) {
            engine.applyTopology(update.view());
        } else if (envelope instanceof Envelope.SiteCertificate certificate) {
            engine.learnCertificate(certificate);
        }
    }

    /** A site master on the bridge members and routing table this standby has. */
    @Override
    public SiteMasterRole promote() {
        return new SiteMasterRole(context, bridges);
    }

    @Override
    public StandbyRole standBy() {
        return this;
    }

    @Override
    public NotOnBridges leave() {
        bridges.leave();
        return new NotOnBridges(context);
    }
}
