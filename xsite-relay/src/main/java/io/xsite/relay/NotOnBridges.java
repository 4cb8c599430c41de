package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.relay.internal.bridge.BridgeMember;
import io.xsite.relay.internal.routing.Envelope;
import java.util.List;

/**
 * The role of a member that is neither site master nor standby: no bridge members, and bridge events (of bridge
 * members still leaving) are ignored. Its cross-site traffic goes through the first site master.
 */
final class NotOnBridges implements BridgeRole {
    private final RoleContext context;

    /** The role of the member {@code context} belongs to, before it is on the bridges or once it left them. */
    NotOnBridges(RoleContext context) {
        this.context = context;
    }

    @Override
    public boolean onBridges() {
        return false;
    }

    @Override
    public List<BridgeMember> bridges() {
        return List.of();
    }

    @Override
    public void onLocalView(View view, List<UuidAddress> siteMasters) {
    }

    @Override
    public void onBridgeView(BridgeMember bridge, View bridgeView) {
    }

    @Override
    public void onFlooded(BridgeMember from, Envelope envelope) {
    }

    @Override
    public SiteMasterRole promote() {
        return new SiteMasterRole(context, BridgeMembers.start(context));
    }

    @Override
    public StandbyRole standBy() {
        return new StandbyRole(context, BridgeMembers.start(context));
    }

    @Override
    public NotOnBridges leave() {
        return this;
    }
}
