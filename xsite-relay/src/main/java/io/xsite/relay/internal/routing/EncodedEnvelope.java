package io.xsite.relay.internal.routing;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A routed envelope with its wire form, the bytes {@link RelayCodec#encode} of it gives: made together where the
 * wire form is written first (a sealer encrypts into the envelope's bytes, a clear envelope shares its
 * payloads' arrays), so that it is not encoded again.
 *
 * @param envelope the envelope
 * @param wire     its bytes, readable; heap arrays that are shared, never modified and need no release: a
 *                 sender hands on a retained duplicate
 */
public record EncodedEnvelope(Envelope.Routed envelope, ByteBuf wire) {
    public EncodedEnvelope {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(wire, "wire");
    }

    /** {@code envelope} and its wire form, encoded now by {@code codec} sharing the payloads' bytes. */
    public static EncodedEnvelope of(Envelope.Streamed envelope, RelayCodec codec) {
        return new EncodedEnvelope(envelope, codec.encodeSharing(envelope));
    }
}
