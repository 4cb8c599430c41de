package io.xsite.relay;

import io.xsite.core.member.BenchMemberKill;

/**
 * Reaches the package-private {@code RelayNode.crash} for the relay benchmark (this class lives in
 * xsite-bench; the package is split across jars on the class path, on purpose).
 */
public final class BenchRelayCrash {
    private BenchRelayCrash() {
    }

    /** Crashes {@code node}: its bridge members and its local member stop at once, without leaving. */
    public static void crash(RelayNode node) {
        node.crash(BenchMemberKill::kill);
    }
}
