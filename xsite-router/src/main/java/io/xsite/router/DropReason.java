package io.xsite.router;

/** Why the router dropped a frame or refused a request; the {@code reason} tag of the drop counter. */
enum DropReason {
    /** A REGISTER for an address another, recently active connection holds. */
    HIJACK("hijack"),
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
    /** A frame announcing more than maxFrameBytes; its connection is closed. */
    TOO_LONG("too_long");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    /** The Prometheus label value. */
    String tag() {
        return tag;
    }
}
