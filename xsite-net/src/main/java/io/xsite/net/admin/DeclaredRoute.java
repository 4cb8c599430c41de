package io.xsite.net.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An {@link AdminRoute} built by one of its factories: what it declares, and the function that answers.
 *
 * @param methods      the methods it answers, at least one
 * @param changesState whether a request changes state
 * @param rateLimited  whether requests draw on the server's rate limit
 * @param handler      answers a request the server let through
 */
record DeclaredRoute(Set<HttpMethod> methods, boolean changesState, boolean rateLimited,
                     Function<AdminRequest, CompletionStage<AdminResponse>> handler) implements AdminRoute {
    DeclaredRoute {
        methods = Set.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a route answers at least one method");
        }
        Objects.requireNonNull(handler, "handler");
    }

    @Override
    public CompletionStage<AdminResponse> answer() {
        return answer(Map.of());
    }

    @Override
    public CompletionStage<AdminResponse> answer(Map<String, List<String>> parameters) {
        return handler.apply(AdminRequest.get("", parameters));
    }

    @Override
    public CompletionStage<AdminResponse> answer(AdminRequest request) {
        return handler.apply(request);
    }
}
