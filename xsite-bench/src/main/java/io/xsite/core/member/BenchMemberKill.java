package io.xsite.core.member;

/**
 * Reaches the package-private {@link Member#kill()} for the relay benchmark's site-master crash (this
 * class lives in xsite-bench; the package is split across jars on the class path, on purpose).
 */
public final class BenchMemberKill {
    private BenchMemberKill() {
    }

    /** Stops {@code member} at once: sockets closed, no leave, as a crashed process would. */
    public static void kill(Member member) {
        member.kill();
    }
}
