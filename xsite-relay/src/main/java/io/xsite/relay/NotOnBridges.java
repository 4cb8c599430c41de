package io.xsite.relay;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.relay.bridge.BridgeMember;
import io.xsite.relay.routing.DataRoute;
import io.xsite.relay.routing.Envelope;
import java.util.List;

/**
 * The role of a member that is neither site master nor standby: no bridge members, nothing to publish, and
 * bridge events (of bridge members still leaving) are ignored. Its cross-site traffic goes through the first
 * site master, so relaying over a bridge is not its job.
 */
final class NotOnBridges implements BridgeRole {
    private final String logName;

    /** The role of member {@code logName} ({@code site/name}, for errors). */
    NotOnBridges(String logName) {
        this.logName = logName;
    }

    @Override
    public boolean onBridges() {
        return false;
    }

    @Override
    public boolean siteMaster() {
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
    public void publishOwnView() {
    }

    @Override
    public void announce(Envelope.SiteCertificate certificate) {
    }

    @Override
    public void relay(Envelope.Routed envelope, ByteBuf encoded) {
        throw notSiteMaster("relay a " + envelope.kind() + " envelope");
    }

    @Override
    public boolean relayAsIs(DataRoute data) {
        throw notSiteMaster("relay a " + data.kind() + " envelope");
    }

    @Override
    public BridgeRole leave() {
        return this;
    }

    private IllegalStateException notSiteMaster(String operation) {
        return new IllegalStateException("[" + logName + "] asked to " + operation + " while on no bridge");
    }
}
