package io.xsite.relay.internal.bridge;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One gossip router of a bridge as a node sees it.
 *
 * @param bridge    the bridge the router serves
 * @param router    the router's address, as configured
 * @param connected whether this node's bridge member holds a connection to it now (false on a node that is no
 *                  site master: it has no bridge member)
 */
public record RouterState(String bridge, InetSocketAddress router, boolean connected) {
    public RouterState {
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(router, "router");
    }
}
