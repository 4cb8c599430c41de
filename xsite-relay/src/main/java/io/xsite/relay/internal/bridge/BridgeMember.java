package io.xsite.relay.internal.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.membership.View;
import io.xsite.relay.bridge.BridgeConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site master's member in one bridge cluster: named {@code "_" + name}, in the same site, reaching the
 * other sites' site masters through the bridge's gossip routers. Its views make the routing table; its
 * messages carry relay envelopes between sites.
 */
public final class BridgeMember implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BridgeMember.class);

    /** Hears one bridge member's views and envelopes, on the relay thread the member runs on. */
    public interface Listener {
        /** The bridge installed {@code view}. */
        void onBridgeView(BridgeMember bridge, View view);

        /** A relay envelope arrived over the bridge. */
        void onBridgeMessage(BridgeMember bridge, Message message);
    }

    private final BridgeConfig config;
    private final Member member;
    private final String logName;

    private BridgeMember(BridgeConfig config, Member member, String logName) {
        this.config = config;
        this.member = member;
        this.logName = logName;
    }

    /** A bridge member is named after its local member with this prefix ({@code _nyc1} for {@code nyc1}). */
    static final String NAME_PREFIX = "_";

    /** Whether {@code bridgeMember} is the bridge member of {@code localMember} (same site, name with the prefix). */
    public static boolean belongsTo(UuidAddress bridgeMember, UuidAddress localMember) {
        // Compared in place: this runs for every relayed message, and concatenating the name allocated.
        String name = bridgeMember.name();
        return Objects.equals(bridgeMember.site(), localMember.site()) && name != null && localMember.name() != null
                && name.length() == NAME_PREFIX.length() + localMember.name().length()
                && name.startsWith(NAME_PREFIX) && name.endsWith(localMember.name());
    }

    /**
     * Joins bridge {@code config} as the bridge member of the local member configured by {@code local}
     * (same site, membership and delivery settings; tunnel through the bridge's routers, with the bridge's TLS
     * material if it has its own; no admin endpoint).
     * The bridge member runs on {@code relayLoop} (the relay thread, which outlives it), connections and
     * protocol included, and calls {@code listener} there.
     */
    public static BridgeMember start(BridgeConfig config, MemberConfig local, Listener listener, EventLoop relayLoop) {
        MemberConfig bridgeConfig = local.withCluster(config.name()).withName(NAME_PREFIX + local.name())
                .withTunnel(config.routers()).withDiscovery(null).withAdminPort(-1);
        if (config.tls() != null) {
            bridgeConfig = bridgeConfig.withTls(config.tls());
        }
        Member member = Member.start(bridgeConfig, relayLoop, relayLoop);
        String logName = local.site() + "/" + local.name();
        BridgeMember bridge = new BridgeMember(config, member, logName);
        member.addViewListener(view -> listener.onBridgeView(bridge, view));
        member.addMessageListener(message -> listener.onBridgeMessage(bridge, message));
        log.info("[{}] joining bridge {} through {}", logName, config.name(), config.routers());
        return bridge;
    }

    /** The bridge's name. */
    public String name() {
        return config.name();
    }

    /** This bridge member's address ({@code _name:site}). */
    public UuidAddress address() {
        return member.address();
    }

    /** The bridge's routers in configured order, each with whether this bridge member is connected to it now. */
    public List<RouterState> routers() {
        Set<InetSocketAddress> connected = member.connectedRouters();
        return config.routers().stream()
                .map(router -> new RouterState(config.name(), router, connected.contains(router))).toList();
    }

    /**
     * Sends a frame to one bridge member; completes when the reliable stream took it. Takes ownership of
     * {@code frame} (see {@link Member#send(UuidAddress, ByteBuf, Map)}).
     */
    public CompletableFuture<Void> send(UuidAddress to, ByteBuf frame) {
        return member.send(to, frame, Map.of());
    }

    /** Sends a frame to every member of the bridge, this one included. */
    public CompletableFuture<Void> sendToAll(byte[] frame) {
        return member.sendToAll(frame);
    }

    /** Stops at once without leaving the bridge, as a crash would ({@link Member#simulateCrash()}). */
    public void simulateCrash() {
        member.simulateCrash();
    }

    /**
     * Leaves the bridge gracefully without waiting, for the relay thread this member runs on ({@link #close()}
     * would wait for that very thread): completes there once left, or once the member's leave timeout passed.
     */
    public CompletableFuture<Void> closeAsync() {
        return member.closeAsync().whenComplete((left, failure) -> {
            if (failure == null) {
                log.info("[{}] left bridge {}", logName, config.name());
            } else {
                log.warn("[{}] could not leave bridge {}: {}", logName, config.name(), failure.toString());
            }
        });
    }

    /** Leaves the bridge gracefully; blocks until left or the member's leave timeout passed. */
    @Override
    public void close() {
        member.close();
        log.info("[{}] left bridge {}", logName, config.name());
    }
}
