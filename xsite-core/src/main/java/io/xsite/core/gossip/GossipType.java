package io.xsite.core.gossip;

import io.xsite.core.codec.MalformedFrameException;

/**
 * The kinds of gossip router frame; the wire byte is the ordinal (gossip-router-protocol.md, 1.5).
 */
public enum GossipType {
    /** Client to router: map (group, address) to this connection. */
    REGISTER,
    /** Client to router: remove (group, address). */
    UNREGISTER,
    /** Client to router: list the members of a group, or of every group when the group is null. */
    GET_MBRS,
    /** Router to client: one group's members; more responses follow. */
    GET_MBRS_RSP,
    /** Both ways: an opaque payload to one member (address set) or to the whole group (address null). */
    MESSAGE,
    /** Both ways: a liveness ping and its echo. */
    HEARTBEAT,
    /** Router to client: a member's router connection closed abnormally. */
    SUSPECT,
    /** Router to client: the final (or only) members response. */
    GET_MBRS_RSP_LAST;

    private static final GossipType[] BY_BYTE = values();

    /** The type for a wire byte. */
    public static GossipType of(int wireByte) {
        if (wireByte < 0 || wireByte >= BY_BYTE.length) {
            throw new MalformedFrameException("gossip type", wireByte);
        }
        return BY_BYTE[wireByte];
    }
}
