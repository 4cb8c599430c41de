package io.xsite.core.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Recognising known bytes in a buffer: the receivers of a stream compare each frame's repeated parts (the
 * sender's identity, a gossip header, the headers of a message, an address) with the bytes they decoded
 * last time instead of decoding them again.
 */
public final class ByteRegions {
    private ByteRegions() {
    }

    /**
     * Whether {@code in} holds {@code expected} at index {@code at} (false when fewer bytes are written
     * there); indexes unchanged. One vectorised comparison, in the buffer's array or through a view of its
     * memory: word by word through a sliced buffer cost a bounds and liveness check per word, and the
     * comparisons were 2 to 3% of a relayed stream's CPU.
     */
    public static boolean equals(ByteBuf in, int at, byte[] expected) {
        int length = expected.length;
        if (at < 0 || in.writerIndex() - at < length) {
            return false;
        }
        if (in.hasArray()) {
            int from = in.arrayOffset() + at;
            return Arrays.equals(in.array(), from, from + length, expected, 0, length);
        }
        if (in.nioBufferCount() == 1) {
            return in.nioBuffer(at, length).equals(ByteBuffer.wrap(expected));
        }
        byte[] copy = new byte[length];
        in.getBytes(at, copy);
        return Arrays.equals(copy, expected);
    }
}
