package io.xsite.net.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers the requests to one path of an {@link AdminServer}. The answer is asynchronous so that a route can
 * read state on the thread that owns it (a router's event loop, a member's executor) without blocking the
 * admin server's event loop.
 *
 * <p>A route also says what it is, so that the server guards it ({@link AdminAccess}): the methods it answers
 * ({@link #methods()}, GET unless it says otherwise), whether it changes state ({@link #changesState()}: only
 * ever served to a caller with the admin token, and refused outright where none is configured), and whether it
 * is expensive enough to be rate-limited ({@link #rateLimited()}, as {@code /probe} is). Lambdas are read-only
 * GET routes; the factories build the others.
 */
@FunctionalInterface
public interface AdminRoute {
    /** What read-only routes answer. */
    Set<HttpMethod> READ = Set.of(HttpMethod.GET);

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

    /**
     * Called on the admin server's event loop for each request the server let through (a method of
     * {@link #methods()}, the token checked); must not block. The default answers with
     * {@link #answer(Map)}, which suits GET routes.
     */
    default CompletionStage<AdminResponse> answer(AdminRequest request) {
        return answer(request.parameters());
    }

    /** The methods this route answers; any other is refused with 405. */
    default Set<HttpMethod> methods() {
        return READ;
    }

    /**
     * Whether a request changes state. Such a route is served only with the admin token, and never where
     * none is configured (403). By default a route changes state when it answers any method but GET and
     * HEAD: a route that forgets to say stays closed rather than open.
     */
    default boolean changesState() {
        return methods().stream().anyMatch(m -> !m.equals(HttpMethod.GET) && !m.equals(HttpMethod.HEAD));
    }

    /**
     * Whether a request with {@code method} changes state. By default {@link #changesState()}, whatever the
     * method; a route that reads with GET and writes with PUT or DELETE (a cache's entries) says so here, so
     * that its reads stay open where read-only routes are.
     */
    default boolean changesState(HttpMethod method) {
        return changesState();
    }

    /**
     * Whether the route is served without the admin token even where one is configured: only for a GET
     * answer that holds nothing of the component's state (the live page's HTML, which then asks for the token
     * itself before it reads any state). False by default.
     */
    default boolean open() {
        return false;
    }

    /** Whether requests draw on the server's rate limit ({@link AdminAccess#rateLimit()}); 429 beyond it. */
    default boolean rateLimited() {
        return false;
    }

    /** A route answering at once with whatever {@code answer} returns on the admin event loop. */
    static AdminRoute of(Supplier<AdminResponse> answer) {
        return () -> CompletableFuture.completedFuture(answer.get());
    }

    /** A GET route whose answer depends on the query parameters; without a query it gets an empty map. */
    static AdminRoute withParameters(Function<Map<String, List<String>>, CompletionStage<AdminResponse>> answer) {
        return new DeclaredRoute(READ, false, false, request -> answer.apply(request.parameters()));
    }

    /**
     * A GET route like {@link #withParameters}, whose requests draw on the server's rate limit: for answers
     * that cost more than reading a field (a probe asks every member of every site).
     */
    static AdminRoute throttled(Function<Map<String, List<String>>, CompletionStage<AdminResponse>> answer) {
        return new DeclaredRoute(READ, false, true, request -> answer.apply(request.parameters()));
    }

    /**
     * A route that changes state when called with one of {@code methods} (PUT, POST, DELETE; GET too if it
     * also reads): served only to callers that present the admin token.
     */
    static AdminRoute changingState(Set<HttpMethod> methods,
                                    Function<AdminRequest, CompletionStage<AdminResponse>> answer) {
        return new DeclaredRoute(methods, true, false, answer);
    }
}
