package io.xsite.core.discovery;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Finds the members a member may join or merge with (DESIGN.md, "Inside a member", step 2). The member
 * calls {@link #find()} when it starts and periodically after that, so every call looks again: nothing
 * is cached between calls, and a source that is down now may answer next time.
 *
 * <p>Implementations never block the calling thread: blocking lookups run on threads of their own and
 * DNS queries on the shared Netty event loops. The result completes on one of those threads, so a
 * caller hands it to its own executor rather than doing protocol work in the callback.
 */
public interface Discovery extends AutoCloseable {

    /**
     * The candidates now: physical addresses (static, dns) and/or logical ones (router), without
     * duplicates. A source that fails (a name that does not resolve, a DNS server or router that does
     * not answer) contributes nothing and is logged; that is not an error of the whole call.
     *
     * @return the candidates found, possibly none; completes exceptionally with
     *         {@link IllegalStateException} only after {@link #close()}
     */
    CompletionStage<List<Candidate>> find();

    /** Releases threads and sockets; lookups still running complete or fail on their own. */
    @Override
    default void close() {
    }
}
