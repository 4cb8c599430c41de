package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import io.xsite.wire.codec.BadInputWarnings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client connection: gives the connection its identity and has it admitted when it
 * becomes active, hands frames, closes, writability changes and idleness to the {@link RoutingTable} and
 * {@link FrameDispatcher}; turns bad input into a counted, rate-limited log line and a close of this
 * connection only. One instance per connection, on the connection's event loop.
 */
final class RouterHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);

    private final ClientConnection connection;
    private final RoutingTable table;
    private final FrameDispatcher dispatcher;
    private final RouterMetrics metrics;
    private final BadInputWarnings badInput;
    private final IdentityFactory identities;
    private final Duration slowReceiverTimeout;
    private final Duration firstFrameTimeout;

    RouterHandler(ClientConnection connection, RoutingTable table, FrameDispatcher dispatcher, RouterMetrics metrics,
                  BadInputWarnings badInput, IdentityFactory identities, RouterConfig config) {
        this.connection = connection;
        this.table = table;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.badInput = badInput;
        this.identities = identities;
        this.slowReceiverTimeout = config.slowReceiverTimeout();
        this.firstFrameTimeout = config.firstFrameTimeout();
    }

    /**
     * The one place a connection gets its identity (design.md "Router: who may use an address"), then
     * admission within the connection limits: over a limit, the connection is closed at once.
     */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.identify(identities.identify(ctx.channel()));
        ConnectionRefusal refusal = table.admit(connection);
        if (refusal != null) {
            refuse(refusal);
        } else {
            LOG.debug("connection from {} ({})", connection, connection.identity());
            connection.startFirstFrameTimer(ctx.executor().schedule(this::onFirstFrameTimeout,
                    firstFrameTimeout.toNanos(), TimeUnit.NANOSECONDS));
        }
        ctx.fireChannelActive();
    }

    private void onFirstFrameTimeout() {
        if (!connection.isClosed()) {
            refuse(ConnectionRefusal.FIRST_FRAME_TIMEOUT);
        }
    }

    private void refuse(ConnectionRefusal reason) {
        metrics.connectionRefused(reason);
        badInput.report(reason.tag(), "closing connection {} ({}): {}", connection, connection.identity(),
                reason.tag());
        connection.close("closed: " + reason.tag());
    }

    /** Takes ownership of the frame (length prefix included) and releases it after dispatching. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        connection.stopFirstFrameTimer();
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
        connection.flushes().flushAll();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LOG.debug("connection {} closed: {}", connection, connection.closeReason());
        connection.stopFirstFrameTimer();
        connection.stopSlowReceiverTimer();
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
            badInput.report("slow_receiver", "disconnecting {}: has not read its frames for {}", connection,
                    slowReceiverTimeout);
            connection.close("disconnected as a slow receiver");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            // Per connection and caused by clients alone: counted, logged at DEBUG.
            metrics.connectionRefused(ConnectionRefusal.IDLE);
            LOG.debug("closing {}: idle longer than the expiry", connection);
            connection.close("expired (idle)");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            DropReason reason = cause instanceof RefusedFrameException refused ? refused.reason()
                    : cause instanceof TooLongFrameException ? DropReason.TOO_LONG : DropReason.MALFORMED;
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
