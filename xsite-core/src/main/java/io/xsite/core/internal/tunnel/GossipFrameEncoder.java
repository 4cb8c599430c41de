package io.xsite.core.internal.tunnel;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import java.util.List;

/** Writes a {@code GossipData} as one length-prefixed frame. Stateless, so one instance serves every channel. */
@ChannelHandler.Sharable
final class GossipFrameEncoder extends MessageToMessageEncoder<GossipData> {
    static final GossipFrameEncoder INSTANCE = new GossipFrameEncoder();

    private GossipFrameEncoder() {
        super(GossipData.class);
    }

    /** The framed buffer goes downstream, which takes ownership of it. */
    @Override
    protected void encode(ChannelHandlerContext ctx, GossipData data, List<Object> out) {
        out.add(GossipFraming.encodeFramed(data, ctx.alloc()));
    }
}
