package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import io.xsite.core.codec.BadInputWarnings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client connection: hands frames, closes, writability changes and idleness to
 * the {@link RoutingTable} and {@link FrameDispatcher}; turns bad input into a counted, rate-limited
 * log line and a close of this connection only. One instance per connection, on the router's loop.
 */
final class RouterHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);

    private final RoutingTable table;
    private final FrameDispatcher dispatcher;
    private final RouterMetrics metrics;
    private final BadInputWarnings badInput;
    private final Duration slowReceiverTimeout;
    private ClientConnection connection;

    RouterHandler(RoutingTable table, FrameDispatcher dispatcher, RouterMetrics metrics, BadInputWarnings badInput,
                  Duration slowReceiverTimeout) {
        this.table = table;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.badInput = badInput;
        this.slowReceiverTimeout = slowReceiverTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new ClientConnection(ctx.channel(), table.flushes(), System.nanoTime());
        table.onConnected(connection);
        LOG.debug("connection from {}", connection);
        ctx.fireChannelActive();
    }

    /** Takes ownership of the frame (length prefix included) and releases it after dispatching. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            dispatcher.onFrame(connection, frame);
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Once per read batch, not per frame: the hijack rule only needs "heard within the window".
        connection.heard(System.nanoTime());
        table.flushes().flushAll();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LOG.debug("connection {} closed: {}", connection, connection.closeReason());
        table.onClosed(connection);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            connection.stopSlowReceiverTimer();
        } else if (!connection.hasSlowReceiverTimer() && !connection.isClosed()) {
            connection.startSlowReceiverTimer(ctx.executor().schedule(this::onSlowReceiverTimeout,
                    slowReceiverTimeout.toNanos(), TimeUnit.NANOSECONDS));
        }
    }

    private void onSlowReceiverTimeout() {
        if (!connection.channel().isWritable()) {
            LOG.warn("disconnecting {}: has not read its frames for {}", connection, slowReceiverTimeout);
            connection.close("disconnected as a slow receiver");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            LOG.info("closing {}: idle longer than the expiry", connection);
            connection.close("expired (idle)");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            DropReason reason = cause instanceof TooLongFrameException ? DropReason.TOO_LONG : DropReason.MALFORMED;
            metrics.dropped(reason);
            badInput.report(reason.tag(), "closing {}: {} input ({})", connection, reason.tag(), cause.getMessage());
            connection.close("closed for " + reason.tag() + " input");
        } else if (cause instanceof IOException) {
            LOG.debug("connection {} failed: {}", connection, cause.toString());
            connection.close("failed: " + cause.getMessage());
        } else {
            LOG.warn("closing {} after an unexpected error", connection, cause);
            connection.close("failed: " + cause);
        }
    }
}
