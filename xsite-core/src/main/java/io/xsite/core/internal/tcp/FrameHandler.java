package io.xsite.core.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.xsite.core.transport.TransportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection after its handshake: hands each frame to the listener, reports
 * writability to the {@link Peer} and remembers when the connection last carried frames (the peer's
 * liveness test). Runs on the member's event loop, like the peer. Frames arriving on a connection that
 * was just replaced still go up: they are valid frames of that member.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(FrameHandler.class);

    private final Peer peer;
    private final TransportListener listener;
    private final InputErrors errors;
    /** {@link System#nanoTime()} of the last read. */
    private long lastReadNanos = System.nanoTime();

    FrameHandler(Peer peer, TransportListener listener, InputErrors errors) {
        this.peer = peer;
        this.listener = listener;
        this.errors = errors;
    }

    /** Hands the frame (ownership included) to the listener. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        listener.onFrame(peer.member(), (ByteBuf) msg);
    }

    /** Once per read from the socket rather than per frame: a clock reading per frame is not needed. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelReadComplete();
    }

    /** Whether a frame arrived within {@code windowNanos} (the connection's start counts as one). */
    boolean heardWithin(long windowNanos) {
        return System.nanoTime() - lastReadNanos < windowNanos;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            // As a task of its own: this event can fire inside a write of the member's own send (a flush
            // handler flushes when the write crosses the high-water mark), and the sender must not be
            // re-entered halfway through that send.
            Channel channel = ctx.channel();
            ctx.executor().execute(() -> peer.onWritable(channel));
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!errors.recordFraming(cause, ctx.channel(), "from " + peer.member())) {
            log.debug("connection to {} failed: {}", peer.member(), cause.toString());
        }
        ctx.close();
    }
}
