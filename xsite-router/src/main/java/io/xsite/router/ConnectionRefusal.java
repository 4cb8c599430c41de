package io.xsite.router;

/**
 * Why the router refused or closed a connection on its own account; the {@code reason} tag of
 * {@code xsite_router_connections_refused_total}. A fixed set, whatever clients send.
 */
enum ConnectionRefusal {
    /** Accepted and closed at once: maxConnections are open. */
    MAX_CONNECTIONS("max_connections"),
    /** Accepted and closed at once: maxConnectionsPerAddress are open from its source address. */
    MAX_CONNECTIONS_PER_ADDRESS("max_connections_per_address"),
    /** Closed: no complete frame arrived within firstFrameTimeout. */
    FIRST_FRAME_TIMEOUT("first_frame_timeout"),
    /** Closed: nothing arrived for idleExpiry. */
    IDLE("idle");

    private final String tag;

    ConnectionRefusal(String tag) {
        this.tag = tag;
    }

    /** The Prometheus label value. */
    String tag() {
        return tag;
    }
}
