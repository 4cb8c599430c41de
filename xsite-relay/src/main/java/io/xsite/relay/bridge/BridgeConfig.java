package io.xsite.relay.bridge;

import io.xsite.net.tls.ReloadingTls;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One bridge a site's site masters join: a cluster of site masters of several sites, reached through
 * gossip routers (the tunnel transport).
 *
 * @param name    the bridge cluster's name; sites on the same bridge see each other directly
 * @param routers the gossip routers, in the order the tunnel prefers them; at least one
 * @param tls     TLS material of the site for this bridge's tunnels when the local member has none (TLS
 *                between sites only, plain TCP inside the site, as JGroups secures a bridge); {@code null}
 *                to use the local member's (TLS everywhere, or nowhere)
 */
public record BridgeConfig(String name, List<InetSocketAddress> routers, ReloadingTls tls) {
    /** The bridge name when none is given. */
    public static final String DEFAULT_NAME = "bridge";

    public BridgeConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("bridge name must not be empty");
        }
        routers = List.copyOf(Objects.requireNonNull(routers, "routers"));
        if (routers.isEmpty()) {
            throw new IllegalArgumentException("bridge " + name + " needs at least one router");
        }
    }

    /** Bridge {@code name} through {@code routers}, its tunnels secured as the local member's connections are. */
    public BridgeConfig(String name, List<InetSocketAddress> routers) {
        this(name, routers, null);
    }

    /** This bridge with its tunnels secured by {@code value}, whatever the local member's connections use. */
    public BridgeConfig withTls(ReloadingTls value) {
        return new BridgeConfig(name, routers, value);
    }
}
