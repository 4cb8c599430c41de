package io.xsite.relay.internal.routing;

import io.xsite.relay.internal.reliability.Body;
import java.util.Arrays;
import java.util.Objects;

/**
 * A body in wire form: a range of the bytes of a received envelope, shared, not copied (the bytes of a
 * received message are never modified). Its destination reads the {@link AppPayload} out of it with
 * {@link RelayCodec#decodePayload(Body)}, copying only the application bytes. Equal by content.
 *
 * @param array  the bytes the body lies in
 * @param offset where it starts
 * @param length how long it is
 */
public record EncodedBody(byte[] array, int offset, int length) implements Body {
    public EncodedBody {
        Objects.requireNonNull(array, "array");
        Objects.checkFromIndexSize(offset, length, array.length);
    }

    /** The whole of {@code bytes}. */
    public EncodedBody(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** A copy of the body's bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedBody b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + array[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        return "EncodedBody[" + length + " bytes]";
    }
}
