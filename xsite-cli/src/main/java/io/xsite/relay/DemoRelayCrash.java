package io.xsite.relay;

import io.xsite.core.member.DemoMemberKill;

/**
 * Reaches the package-private {@code RelayNode.crash} for the demo's failover step, which must end a site
 * master as a crash would (no leave) while it runs in the demo's JVM. This class lives in xsite-cli; the
 * package is split across jars on the class path, on purpose.
 */
public final class DemoRelayCrash {
    private DemoRelayCrash() {
    }

    /** Crashes {@code node}: its bridge members and its local member stop at once, without leaving. */
    public static void crash(RelayNode node) {
        node.crash(DemoMemberKill::kill);
    }
}
