package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.xsite.core.gossip.GossipFraming;
import java.nio.ByteOrder;

/**
 * Splits the byte stream into gossip frames and keeps each frame's 4-byte length prefix (unlike
 * {@link GossipFraming#frameDecoder}), so that a MESSAGE is forwarded as one retained slice of exactly
 * the bytes received. The length is a signed int (gossip-router-protocol.md 1.1): a negative one fails
 * as corrupt ("malformed"), one above the limit as too long, both before anything is allocated.
 */
final class FramedDecoder extends LengthFieldBasedFrameDecoder {

    FramedDecoder(int maxFrameBytes) {
        super(maxFrameBytes + GossipFraming.LENGTH_BYTES, 0, GossipFraming.LENGTH_BYTES, 0, 0);
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        // The superclass reads 4 bytes unsigned, which would report a negative length as too long.
        return buf.getInt(offset);
    }
}
