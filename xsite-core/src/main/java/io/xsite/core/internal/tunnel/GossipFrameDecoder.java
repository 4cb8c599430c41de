package io.xsite.core.internal.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.xsite.wire.gossip.GossipCodec;
import io.xsite.wire.gossip.GossipHeader;
import io.xsite.wire.gossip.GossipType;
import io.xsite.wire.gossip.MessageHeaderReader;
import java.util.List;

/**
 * Turns one frame body (after {@code GossipFraming.frameDecoder}) into a {@link ReceivedMessage} or a
 * {@code GossipData}. A
 * malformed body raises {@code MalformedFrameException} through the pipeline; the terminal handler
 * closes the connection. One per channel: it remembers the channel's last MESSAGE header.
 */
final class GossipFrameDecoder extends MessageToMessageDecoder<ByteBuf> {
    /** This connection's MESSAGE headers: a stream from one sender repeats one. */
    private final MessageHeaderReader headers = new MessageHeaderReader();

    GossipFrameDecoder() {
        super(ByteBuf.class);
    }

    /**
     * Borrows {@code frame} (the base class releases it after this returns): a MESSAGE becomes a
     * {@link ReceivedMessage} holding a retained slice of its payload, any other frame a {@code GossipData}.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (frame.isReadable() && frame.getUnsignedByte(frame.readerIndex()) == GossipType.MESSAGE.code()) {
            GossipHeader header = headers.read(frame);
            out.add(new ReceivedMessage(header, frame.readRetainedSlice(GossipCodec.readPayloadLength(frame))));
        } else {
            out.add(GossipCodec.decode(frame, headers));
        }
    }
}
