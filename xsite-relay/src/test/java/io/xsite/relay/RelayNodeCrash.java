package io.xsite.relay;

import io.xsite.core.member.MemberCrash;

/** Reaches {@link RelayNode#crash} (package-private) for tests in other packages and modules. */
public final class RelayNodeCrash {
    private RelayNodeCrash() {
    }

    /** Stops {@code node} at once, its bridges and its member, without leaving, as a crash would. */
    public static void crash(RelayNode node) {
        node.crash(MemberCrash::kill);
    }
}
