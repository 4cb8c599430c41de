package io.xsite.wire.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
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
     * there); indexes unchanged. Compared in the buffer's array (one vectorised comparison) or its memory:
     * word by word through a sliced buffer cost a bounds and liveness check per word, and the comparisons
     * were 2 to 3% of a relayed stream's CPU.
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
        if (in.hasMemoryAddress() && PlatformDependent.isUnaligned()) {
            return sameMemory(in.memoryAddress() + at, expected);
        }
        byte[] copy = new byte[length];
        in.getBytes(at, copy);
        return Arrays.equals(copy, expected);
    }

    /** Whether the memory at {@code address} holds {@code expected}: word by word, without bounds checks. */
    private static boolean sameMemory(long address, byte[] expected) {
        int i = 0;
        for (; i + Long.BYTES <= expected.length; i += Long.BYTES) {
            if (PlatformDependent.getLong(address + i) != PlatformDependent.getLong(expected, i)) {
                return false;
            }
        }
        for (; i < expected.length; i++) {
            if (PlatformDependent.getByte(address + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
