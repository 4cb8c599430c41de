package io.xsite.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.SplittableRandom;

/**
 * Reproducible test frames: frame {@code i} of stream {@code stream} always has the same size (1 B to
 * 64 KiB, log-uniform, so most are small) and content. Buffers come from an unpooled allocator, so the
 * paranoid leak detector tracks them and {@code refCnt()} stays meaningful after release.
 */
public final class Frames {
    /** The largest test frame. */
    public static final int MAX_BYTES = 64 << 10;

    private Frames() {
    }

    /** The bytes of frame {@code i} of {@code stream}. */
    public static byte[] payload(long stream, int i) {
        SplittableRandom random = new SplittableRandom(stream * 1_000_003L + i);
        int size = 1 + random.nextInt(1 << random.nextInt(17));
        byte[] bytes = new byte[Math.min(size, MAX_BYTES)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A new buffer holding {@code bytes}; the caller owns it. */
    public static ByteBuf buffer(byte[] bytes) {
        return UnpooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length).writeBytes(bytes);
    }
}
