package io.xsite.core.member;

/**
 * Reaches the package-private {@link Member#kill()} for the demo's in-JVM site-master crash. This class
 * lives in xsite-cli; the package is split across jars on the class path, on purpose.
 */
public final class DemoMemberKill {
    private DemoMemberKill() {
    }

    /** Stops {@code member} at once: sockets closed, no leave, as a crashed process would. */
    public static void kill(Member member) {
        member.kill();
    }
}
