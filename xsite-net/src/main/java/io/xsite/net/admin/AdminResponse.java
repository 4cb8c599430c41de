package io.xsite.net.admin;

import java.util.Map;
import java.util.Objects;

/**
 * What an {@link AdminRoute} answers: an HTTP status, a content type, a text body (sent as UTF-8) and any
 * further headers.
 *
 * @param status      the HTTP status code, 100 to 599
 * @param contentType the value of the Content-Type header
 * @param body        the response body
 * @param headers     further response headers, name to value (Retry-After, WWW-Authenticate, ...)
 */
public record AdminResponse(int status, String contentType, String body, Map<String, String> headers) {
    /** Content type of plain-text answers. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** Content type of JSON answers. */
    public static final String JSON = "application/json";

    public AdminResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** An answer without further headers. */
    public AdminResponse(int status, String contentType, String body) {
        this(status, contentType, body, Map.of());
    }

    /** A plain-text answer. */
    public static AdminResponse text(int status, String body) {
        return new AdminResponse(status, TEXT, body);
    }

    /** A 200 JSON answer. */
    public static AdminResponse json(String body) {
        return new AdminResponse(200, JSON, body);
    }

    /** This answer with the header {@code name: value} too. */
    public AdminResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminResponse(status, contentType, body, more);
    }
}
