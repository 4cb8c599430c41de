package io.xsite.wire.gossip;

import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.codec.WireCodes;
import io.xsite.wire.codec.WireCoded;

/**
 * The kinds of gossip router frame, each with its wire byte (gossip-router-protocol.md, 1.5). The bytes are
 * JGroups' (its {@code GossipType} writes the ordinal of the same list), written here explicitly so that the
 * order of the constants does not decide the wire.
 */
public enum GossipType implements WireCoded {
    /** Client to router: map (group, address) to this connection. */
    REGISTER(0),
    /** Client to router: remove (group, address). */
    UNREGISTER(1),
    /** Client to router: list the members of a group, or of every group when the group is null. */
    GET_MBRS(2),
    /** Router to client: one group's members; more responses follow. */
    GET_MBRS_RSP(3),
    /** Both ways: an opaque payload to one member (address set) or to the whole group (address null). */
    MESSAGE(4),
    /** Both ways: a liveness ping and its echo. */
    HEARTBEAT(5),
    /** Router to client: a member's router connection closed abnormally. */
    SUSPECT(6),
    /** Router to client: the final (or only) members response. */
    GET_MBRS_RSP_LAST(7);

    private static final WireCodes<GossipType> CODES = WireCodes.of(GossipType.class, "gossip type");

    private final int code;

    GossipType(int code) {
        this.code = code;
    }

    /** The wire byte. */
    @Override
    public int code() {
        return code;
    }

    /**
     * The type for a wire byte.
     *
     * @throws MalformedFrameException for a byte no type has
     */
    public static GossipType of(int wireByte) {
        return CODES.decode(wireByte);
    }
}
