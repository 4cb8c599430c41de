package io.xsite.core.transport;

import io.netty.buffer.ByteBuf;

/**
 * An {@link OutboundFrame} of known bytes, for tests of the transports' in-place write paths.
 *
 * @param bytes what the frame writes; not copied, so do not change them after handing the frame over
 */
public record BytesFrame(byte[] bytes) implements OutboundFrame {
    public BytesFrame {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
    }

    @Override
    public int size() {
        return bytes.length;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }
}
