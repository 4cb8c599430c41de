package io.xsite.core.admin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Answers a GET on one path of an {@link AdminServer}. The answer is asynchronous so that a route can
 * read state on the thread that owns it (a router's event loop, a member's executor) without blocking
 * the admin server's event loop.
 */
@FunctionalInterface
public interface AdminRoute {

    /** Called on the admin server's event loop for each GET; must not block. */
    CompletionStage<AdminResponse> answer();

    /** A route answering at once with whatever {@code answer} returns on the admin event loop. */
    static AdminRoute of(Supplier<AdminResponse> answer) {
        return () -> CompletableFuture.completedFuture(answer.get());
    }
}
