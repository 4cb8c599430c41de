package io.xsite.relay.internal.routing;

import java.util.Objects;

/**
 * A routed envelope with its wire form, {@link RelayCodec#encode} of it: made together where the wire form
 * is written first (a sealer encrypts into the envelope's bytes), so that it is not encoded again.
 *
 * @param envelope the envelope
 * @param bytes    its bytes; shared, not copied, and never modified
 */
public record EncodedEnvelope(Envelope.Routed envelope, byte[] bytes) {
    public EncodedEnvelope {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** {@code envelope} and its bytes, encoded now by {@code codec}. */
    public static EncodedEnvelope of(Envelope.Routed envelope, RelayCodec codec) {
        return new EncodedEnvelope(envelope, codec.encode(envelope));
    }
}
