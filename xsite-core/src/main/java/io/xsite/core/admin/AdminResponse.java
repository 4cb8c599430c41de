package io.xsite.core.admin;

import java.util.Objects;

/**
 * What an {@link AdminRoute} answers: an HTTP status, a content type and a text body (sent as UTF-8).
 *
 * @param status      the HTTP status code, 100 to 599
 * @param contentType the value of the Content-Type header
 * @param body        the response body
 */
public record AdminResponse(int status, String contentType, String body) {
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
    }

    /** A plain-text answer. */
    public static AdminResponse text(int status, String body) {
        return new AdminResponse(status, TEXT, body);
    }

    /** A 200 JSON answer. */
    public static AdminResponse json(String body) {
        return new AdminResponse(200, JSON, body);
    }
}
