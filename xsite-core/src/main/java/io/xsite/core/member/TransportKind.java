package io.xsite.core.member;

/** How the members of a cluster reach each other. */
public enum TransportKind {
    /** One TCP connection per pair of members: a site whose members can dial each other. */
    TCP,
    /** Through gossip routers: members that cannot dial each other (the bridge between sites). */
    TUNNEL
}
