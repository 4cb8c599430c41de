package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.xsite.wire.gossip.GossipFraming;

/**
 * Sits before the frame decoder and refuses frames longer than maxControlFrameBytes until the connection
 * has registered an address, so that a stranger cannot make the router hold maxFrameBytes (8 MiB) per
 * half-sent frame: the decoder buffers a frame spanning reads as it arrives, up to the length it announces.
 *
 * <p>It only follows the stream's length prefixes (no copy, nothing held); a read is checked before it is
 * decoded, so frames in the same read as the first REGISTER still count as a stranger's. Once the
 * connection has registered, the handler removes itself. Negative lengths are left to the decoder.
 * One instance per connection, on the connection's event loop.
 */
final class UnregisteredFrameLimit extends ChannelInboundHandlerAdapter {
    private final ClientConnection connection;
    private final int maxBodyBytes;
    /** Bytes of the current frame (prefix excluded) still to come before the next length prefix. */
    private long bodyBytesLeft;
    /** Bytes of the next length prefix seen so far, and their value. */
    private int prefixBytesSeen;
    private int prefix;
    /** Set after a refusal: whatever else arrives is dropped while the connection closes. */
    private boolean failed;

    UnregisteredFrameLimit(ClientConnection connection, int maxBodyBytes) {
        this.connection = connection;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Reads the length prefixes in {@code msg}, then passes it on (or releases it when refusing). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (connection.registeredOnce()) {
            ctx.pipeline().remove(this);
        } else if (msg instanceof ByteBuf in) {
            int tooLong = firstTooLong(in);
            if (tooLong >= 0) {
                failed = true;
                in.release();
                ctx.fireExceptionCaught(new TooLongFrameException("frame of " + tooLong
                        + " bytes from a connection that has not registered; the limit is " + maxBodyBytes));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Follows the length prefixes in {@code in}; the first too long length, or -1. */
    private int firstTooLong(ByteBuf in) {
        int index = in.readerIndex();
        int end = in.writerIndex();
        while (index < end) {
            if (bodyBytesLeft > 0) {
                int skipped = (int) Math.min(bodyBytesLeft, end - index);
                bodyBytesLeft -= skipped;
                index += skipped;
                continue;
            }
            prefix = (prefix << 8) | in.getUnsignedByte(index++);
            if (++prefixBytesSeen == GossipFraming.LENGTH_BYTES) {
                if (prefix > maxBodyBytes) {
                    return prefix;
                }
                bodyBytesLeft = Math.max(prefix, 0);
                prefixBytesSeen = 0;
                prefix = 0;
            }
        }
        return -1;
    }
}
