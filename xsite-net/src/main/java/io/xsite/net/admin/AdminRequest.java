package io.xsite.net.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to an {@link AdminRoute}, once the admin server has let it through: the method, the path, the
 * query parameters and the body. Bodies are small: the server refuses requests over 8 KiB.
 *
 * @param method     the HTTP method, one of the route's {@link AdminRoute#methods()}
 * @param path       the path without the query, e.g. {@code /probe}
 * @param parameters the query parameters, name to values in order; empty without a query
 * @param body       the request body as sent; empty for a GET (a copy: the route may keep it)
 */
public record AdminRequest(HttpMethod method, String path, Map<String, List<String>> parameters, byte[] body) {
    public AdminRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        // Not Map.copyOf: the query's order is kept, as the decoder gave it.
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        Objects.requireNonNull(body, "body");
    }

    /** A GET of {@code path} with {@code parameters}. */
    public static AdminRequest get(String path, Map<String, List<String>> parameters) {
        return new AdminRequest(HttpMethod.GET, path, parameters, new byte[0]);
    }
}
