package io.xsite.wire.gossip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.xsite.wire.codec.LengthPrefixedFrameDecoder;

/**
 * The framing of the gossip router protocol: a 4-byte big-endian length, then that many bytes of
 * one {@link GossipCodec} body. No handshake precedes the first frame.
 */
public final class GossipFraming {
    /** Bytes of the length prefix. */
    public static final int LENGTH_BYTES = LengthPrefixedFrameDecoder.LENGTH_BYTES;

    private GossipFraming() {
    }

    /**
     * A decoder that emits frame bodies (length stripped) and fails on a length above
     * {@code maxFrameBytes} or below zero before it allocates anything for the frame.
     */
    public static LengthPrefixedFrameDecoder frameDecoder(int maxFrameBytes) {
        return new LengthPrefixedFrameDecoder(maxFrameBytes, false);
    }

    /** Encodes {@code data} with its length prefix into a new buffer; the caller owns (and releases) it. */
    public static ByteBuf encodeFramed(GossipData data, ByteBufAllocator alloc) {
        int size = GossipCodec.encodedSize(data);
        ByteBuf out = alloc.buffer(LENGTH_BYTES + size);
        out.writeInt(size);
        GossipCodec.encode(data, out);
        return out;
    }
}
