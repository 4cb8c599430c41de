package io.xsite.relay.bridge;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One bridge a site's site masters join: a cluster of site masters of several sites, reached through
 * gossip routers (the tunnel transport).
 *
 * @param name    the bridge cluster's name; sites on the same bridge see each other directly
 * @param routers the gossip routers, in the order the tunnel prefers them; at least one
 */
public record BridgeConfig(String name, List<InetSocketAddress> routers) {
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
}
