package io.xsite.net.admin;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A GET route that answers with a stream of server-sent events instead of one response: the admin server
 * writes the {@code 200 text/event-stream} head and hands the open {@link EventStream} to the route, which
 * sends events until either side closes it. The admin server's guard applies as to any read-only route.
 */
public interface EventStreamRoute extends AdminRoute {
    /**
     * Called on the admin server's event loop for each request the server let through; must not block. The
     * route either keeps {@code stream} (and returns empty) or refuses the request with the returned answer
     * (503 when it serves as many streams as it may), in which case it must not use {@code stream}.
     */
    Optional<AdminResponse> open(AdminRequest request, EventStream stream);

    /** Not called: the server opens a stream instead. Answers 500 should a caller use it as a plain route. */
    @Override
    default CompletionStage<AdminResponse> answer() {
        return CompletableFuture.completedFuture(AdminResponse.text(500, "an event stream, not a document\n"));
    }
}
