package io.xsite.core.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import io.xsite.core.internal.tcp.InputErrors.Reason;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every tcp connection: sends the dialler's HELLO, reads the first frame as the
 * peer's HELLO, checks the cluster and hands the result to its {@link Side}, which decides what the
 * connection becomes. Bad or missing HELLOs close only this connection and are counted.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);

    /** What one end of a connection does with the handshake. */
    interface Side {
        /** The HELLO to send as soon as the connection is up; null for the acceptor, which answers. */
        Hello opening();

        /** The peer's HELLO, from our cluster; the side replaces this handler or closes the channel. */
        void onHello(ChannelHandlerContext ctx, Hello hello);

        /** The connection closed (or never connected) before {@link #onHello}. */
        void onClosedBeforeHello();
    }

    private final String cluster;
    private final Side side;
    private final InputErrors errors;
    private final Duration timeout;
    private ScheduledFuture<?> timer;
    private boolean heard;

    HandshakeHandler(String cluster, Side side, InputErrors errors, Duration timeout) {
        this.cluster = cluster;
        this.side = side;
        this.errors = errors;
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            errors.record(Reason.TIMEOUT, ctx.channel(), "no HELLO within " + timeout);
            ctx.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        Hello opening = side.opening();
        if (opening != null) {
            write(ctx.channel(), opening);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (heard) {
            frame.release(); // a frame after a refusing HELLO, while the connection closes
            return;
        }
        Hello hello;
        try {
            hello = HelloCodec.decode(frame);
        } catch (DecoderException | IllegalArgumentException e) {
            errors.record(Reason.MALFORMED, ctx.channel(), "first frame is no HELLO: " + e.getMessage());
            ctx.close();
            return;
        } finally {
            frame.release();
        }
        if (!cluster.equals(hello.cluster())) {
            errors.record(Reason.CLUSTER, ctx.channel(), hello.member() + " is in cluster " + hello.cluster()
                    + ", not " + cluster);
            ctx.close();
            return;
        }
        heard = true;
        timer.cancel(false);
        side.onHello(ctx, hello);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!heard) {
            if (timer != null) {
                timer.cancel(false);
            }
            side.onClosedBeforeHello();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!errors.recordFraming(cause, ctx.channel(), "first frame")) {
            log.debug("connection {} failed during the handshake: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    /** Writes and flushes {@code hello} as the next frame of {@code channel}. */
    static ChannelFuture write(Channel channel, Hello hello) {
        ByteBuf out = channel.alloc().buffer(HelloCodec.encodedSize(hello));
        HelloCodec.encode(hello, out);
        return channel.writeAndFlush(out);
    }
}
