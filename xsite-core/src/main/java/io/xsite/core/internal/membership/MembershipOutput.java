package io.xsite.core.internal.membership;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;

/**
 * Everything {@link Membership} asks of the member around it. Called on the member's executor, from
 * within the Membership call that caused it; implementations must not call back into Membership
 * synchronously (results such as discovery come back as later events).
 */
public interface MembershipOutput {
    /** Sends {@code message} to {@code to}, best effort: membership retransmits what must arrive. */
    void send(UuidAddress to, MembershipMessage message);

    /** A new view is installed at this member; listeners and reliable delivery follow it. */
    void installView(View view);

    /** Runs discovery now and later calls {@link Membership#onDiscovered} with the result. */
    void discover();

    /** The graceful leave completed (or timed out); the member may close its transport. */
    void left();

    /** A view from {@code from} was dropped for {@code reason} (Membership logs it); count it. */
    void dropped(UuidAddress from, MembershipDrop reason);
}
