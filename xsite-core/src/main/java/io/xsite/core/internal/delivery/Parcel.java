package io.xsite.core.internal.delivery;

import io.xsite.core.delivery.Message;
import io.xsite.wire.codec.WireCoded;
import io.xsite.wire.codec.WireCodes;
import java.util.Objects;

/**
 * What one reliable stream carries: an application {@link Message} and its part in a request/response
 * exchange, if any.
 *
 * @param kind      one-way message, request or response
 * @param requestId the request this parcel belongs to: {@code 0} for {@link Kind#ONE_WAY}, positive
 *                  otherwise (chosen by the requester's {@link RequestCorrelator})
 * @param message   the application message
 */
public record Parcel(Kind kind, long requestId, Message message) {

    /** The role of a parcel in request/response. */
    public enum Kind implements WireCoded {
        /** A plain message; nobody waits for an answer. */
        ONE_WAY(0),
        /** A request; the receiver's request handler answers with a {@link #RESPONSE} of the same id. */
        REQUEST(1),
        /** The answer to the request with the same id. */
        RESPONSE(2);

        /** The decoder's lookup by {@link #code()}. */
        public static final WireCodes<Kind> CODES = WireCodes.of(Kind.class, "parcel kind");
        private final int code;

        Kind(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    public Parcel {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (kind == Kind.ONE_WAY ? requestId != 0 : requestId <= 0) {
            throw new IllegalArgumentException(kind + " with request id " + requestId);
        }
    }

    /** A plain message. */
    public static Parcel oneWay(Message message) {
        return new Parcel(Kind.ONE_WAY, 0, message);
    }

    /** Request {@code requestId}. */
    public static Parcel request(long requestId, Message message) {
        return new Parcel(Kind.REQUEST, requestId, message);
    }

    /** The response to request {@code requestId}. */
    public static Parcel response(long requestId, Message message) {
        return new Parcel(Kind.RESPONSE, requestId, message);
    }
}
