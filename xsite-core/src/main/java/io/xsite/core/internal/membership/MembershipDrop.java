package io.xsite.core.internal.membership;

import java.util.Locale;

/**
 * Why {@link Membership} dropped a view (or a request that would lead to one) instead of acting on it (see
 * "Membership: who may change a view" in docs/design.md). Counted by the member under {@link #label()}.
 */
public enum MembershipDrop {
    /** A view from a member outside the current view that is not the leader of a merge this member agreed to. */
    VIEW_FROM_NON_MEMBER,
    /**
     * A view from outside the current view that names this member's coordinator: possibly a merge the
     * coordinator agreed to, so the member asks the coordinator for its view instead of installing it.
     */
    VIEW_UNCONFIRMED,
    /** A first view from a member the joiner neither asked to admit it nor heard an answer from. */
    VIEW_NOT_ASKED_FOR,
    /** A merge request from a member this coordinator's discovery did not find: refused. */
    MERGE_NOT_DISCOVERED;

    /** The metric label: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
