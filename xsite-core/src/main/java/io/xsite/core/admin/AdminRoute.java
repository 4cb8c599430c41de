package io.xsite.core.admin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
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

    /**
     * Called on the admin server's event loop for each GET with the request's query parameters (name to
     * values, in order; empty without a query); must not block. Routes that take no parameters ignore
     * them: the default is {@link #answer()}.
     */
    default CompletionStage<AdminResponse> answer(Map<String, List<String>> parameters) {
        return answer();
    }

    /** A route answering at once with whatever {@code answer} returns on the admin event loop. */
    static AdminRoute of(Supplier<AdminResponse> answer) {
        return () -> CompletableFuture.completedFuture(answer.get());
    }

    /** A route whose answer depends on the query parameters; without a query it gets an empty map. */
    static AdminRoute withParameters(Function<Map<String, List<String>>, CompletionStage<AdminResponse>> answer) {
        return new AdminRoute() {
            @Override
            public CompletionStage<AdminResponse> answer() {
                return answer.apply(Map.of());
            }

            @Override
            public CompletionStage<AdminResponse> answer(Map<String, List<String>> parameters) {
                return answer.apply(parameters);
            }
        };
    }
}
