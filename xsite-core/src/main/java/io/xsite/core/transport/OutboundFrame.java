package io.xsite.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * A frame not yet encoded: it writes itself into a buffer that the transport provides, so that a
 * transport which batches its writes encodes it straight into the batch rather than copying an encoded
 * buffer there (allocating, filling and copying a buffer per frame was a fifth of a member's CPU under
 * load).
 */
public interface OutboundFrame {
    /** Bytes that {@link #writeTo} writes. */
    int size();

    /** Writes exactly {@link #size()} bytes at {@code out}'s writer index. */
    void writeTo(ByteBuf out);

    /**
     * This frame in a buffer of its own, for a transport that takes no frame in place; the caller owns it.
     * A plain heap buffer: frames live for microseconds, so a pooled buffer's bookkeeping and the
     * allocator's accounting cost more than the garbage, and an unreleased heap buffer leaks no native memory.
     */
    default ByteBuf toBuffer() {
        int size = size();
        ByteBuf buffer = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, size, size);
        writeTo(buffer);
        return buffer;
    }
}
