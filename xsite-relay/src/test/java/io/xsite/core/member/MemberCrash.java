package io.xsite.core.member;

/** Reaches {@link Member#kill()} (package-private) for relay tests that crash a node. */
public final class MemberCrash {
    private MemberCrash() {
    }

    /** Stops {@code member} at once without leaving, as a crash would. */
    public static void kill(Member member) {
        member.kill();
    }
}
