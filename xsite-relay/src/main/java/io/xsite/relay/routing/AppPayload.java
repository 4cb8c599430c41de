package io.xsite.relay.routing;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link Envelope.Data} carries for the application: a plain message, a request, or the reply to
 * one.
 *
 * @param kind      message, request or reply
 * @param requestId the origin's request id (requests and replies; 0 for messages)
 * @param error     for a reply whose handler failed, the error text; null otherwise
 * @param bytes     the application bytes; shared, not copied
 */
public record AppPayload(Kind kind, long requestId, String error, byte[] bytes) {

    /** What the bytes are. */
    public enum Kind {
        /** A one-way message. */
        MESSAGE,
        /** A request expecting a reply. */
        REQUEST,
        /** The reply to a request. */
        REPLY
    }

    public AppPayload {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bytes, "bytes");
        if (error != null && kind != Kind.REPLY) {
            throw new IllegalArgumentException("only a reply carries an error");
        }
    }

    /** A one-way message. */
    public static AppPayload message(byte[] bytes) {
        return new AppPayload(Kind.MESSAGE, 0, null, bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppPayload p && kind == p.kind && requestId == p.requestId
                && Objects.equals(error, p.error) && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, requestId, error, Arrays.hashCode(bytes));
    }
}
