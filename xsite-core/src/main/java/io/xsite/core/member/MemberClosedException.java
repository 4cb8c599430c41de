package io.xsite.core.member;

/**
 * A send or call was refused because the member is closed (or closing). An {@link IllegalStateException}, as the
 * member's other refusals of use after close are, so that callers can tell it from an unreachable destination.
 */
public final class MemberClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The member, by its log name. */
    public MemberClosedException(String member) {
        super("member " + member + " is closed");
    }
}
