package io.xsite.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether home has caught up with the site the client used while away, the last condition of a
 * fail-back: the client asks it only after home answered on its RESP port and accepted a write, and asks again
 * once the operations in flight at the other site were answered, just before it switches.
 *
 * <p>Called on the client's I/O thread: return a stage that completes later rather than block.
 * {@link AdminStatusReadiness} reads the cross-site backlog from the sites' admin endpoints;
 * {@link #answersAndWrites()} trusts the RESP probe alone.
 */
@FunctionalInterface
public interface HomeReadiness {

    /**
     * Whether {@code home} has caught up with {@code current}, the site in use.
     *
     * @return a stage of the answer; a failed stage counts as "not yet"
     */
    CompletionStage<Readiness> check(String home, String current);

    /** Home is ready once it answers and accepts writes, which the client's probe has checked already. */
    static HomeReadiness answersAndWrites() {
        return (home, current) -> CompletableFuture.completedFuture(
                Readiness.ready("home answers and accepts writes (no backlog information)"));
    }
}
