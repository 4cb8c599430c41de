package io.xsite.relay.internal.routing;

import io.xsite.relay.internal.reliability.Body;
import io.xsite.wire.codec.WireCoded;
import io.xsite.wire.codec.WireCodes;
import io.xsite.wire.codec.WireStrings;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link Envelope.Data} carries for the application: a plain message, a request, or the reply to
 * one. As the {@link Body} of its origin's stream it stays this object until an envelope is encoded.
 *
 * @param kind      message, request or reply
 * @param requestId the origin's request id (requests and replies; 0 for messages)
 * @param error     for a reply whose handler failed, the error text; null otherwise
 * @param bytes     the application bytes; shared, not copied
 */
public record AppPayload(Kind kind, long requestId, String error, byte[] bytes) implements Body {
    /** Bytes of the fields before the application bytes, besides the error text: kind, request id, length. */
    private static final int FIXED_BYTES = 1 + 8 + 4;

    /** What the bytes are. */
    public enum Kind implements WireCoded {
        /** A one-way message. */
        MESSAGE(0),
        /** A request expecting a reply. */
        REQUEST(1),
        /** The reply to a request. */
        REPLY(2),
        /**
         * Nothing for the application: the origin sends one on its stream to a site whose site master changed, so
         * that the site's members find out whether the former site master's last elements reached them (a gap in
         * front of it is skipped and reported to the origin, where nothing would follow otherwise).
         */
        FENCE(3);

        /** The decoder's lookup by {@link #code()}. */
        public static final WireCodes<Kind> CODES = WireCodes.of(Kind.class, "payload kind");
        private final int code;

        Kind(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
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

    /** A {@link Kind#FENCE}. */
    public static AppPayload fence() {
        return new AppPayload(Kind.FENCE, 0, null, new byte[0]);
    }

    /** Bytes of the wire form {@link RelayCodec} writes. */
    @Override
    public int length() {
        return FIXED_BYTES + WireStrings.encodedSize(error) + bytes.length;
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
