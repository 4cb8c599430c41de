package io.xsite.core.member;

import io.xsite.wire.address.UuidAddress;

/** A send could not be taken: the destination is not in this member's view, or it left before delivery. */
public final class MemberUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The destination and why it cannot be reached. */
    public MemberUnreachableException(UuidAddress member, String why) {
        super(member + " unreachable: " + why);
    }
}
