package io.xsite.wire.gossip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.xsite.wire.codec.ByteRegions;

/**
 * Reads the {@link GossipHeader}s of one connection's frames, recognising a MESSAGE header that repeats
 * the previous MESSAGE's by its bytes instead of decoding its group name and two addresses again: a
 * stream of messages from one sender to one destination carries the same header every time. Bytes equal
 * to a decoded header decode to the same header, so a hit is exact. Confined to the connection's thread.
 */
public final class MessageHeaderReader {
    private byte[] lastBytes;
    private GossipHeader last;

    /** As {@link GossipHeader#read}; borrows {@code in}. */
    public GossipHeader read(ByteBuf in) {
        int start = in.readerIndex();
        if (last != null) {
            if (ByteRegions.equals(in, start, lastBytes)) {
                in.skipBytes(lastBytes.length);
                return last;
            }
        }
        GossipHeader header = GossipHeader.read(in);
        if (header.type() == GossipType.MESSAGE) {
            lastBytes = ByteBufUtil.getBytes(in, start, in.readerIndex() - start);
            last = header;
        }
        return header;
    }
}
