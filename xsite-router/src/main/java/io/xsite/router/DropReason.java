package io.xsite.router;

/** Why the router dropped a frame; the {@code reason} tag of {@code xsite_router_frames_dropped_total}. */
enum DropReason {
    /** An UNREGISTER for an address this connection does not hold. */
    NOT_HOLDER("not_holder"),
    /** A MESSAGE whose sender another connection registered. */
    FORGED_SENDER("forged_sender"),
    /** A MESSAGE whose sender is not registered in that group at all. */
    UNREGISTERED("unregistered"),
    /** A unicast MESSAGE to an address not registered in that group. */
    UNKNOWN_DEST("unknown_dest"),
    /** A frame for a client whose outbound buffer is above its high water mark. */
    SLOW_RECEIVER("slow_receiver"),
    /** A frame type only the router sends (SUSPECT, GET_MBRS_RSP*), received from a client. */
    ROUTER_ONLY_TYPE("router_only_type"),
    /** A frame that breaks the wire format; its connection is closed. */
    MALFORMED("malformed"),
    /**
     * A frame announcing more than maxFrameBytes (maxControlFrameBytes for a control frame or before the
     * connection registered); its connection is closed.
     */
    TOO_LONG("too_long"),
    /** A group, logical or site name longer than maxNameLength; its connection is closed. */
    NAME_TOO_LONG("name_too_long");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    /** The Prometheus label value. */
    String tag() {
        return tag;
    }
}
