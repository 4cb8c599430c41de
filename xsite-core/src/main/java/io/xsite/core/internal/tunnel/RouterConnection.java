package io.xsite.core.internal.tunnel;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import io.xsite.core.transport.CoalescingWriter;
import io.xsite.core.transport.OutboundFrame;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.transport.tunnel.RouterHosts;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One router as a {@link RouterClient} sees it: connects, registers, heartbeats, detects silence and
 * reconnects with backoff. The router counts as up from the first frame it sends after REGISTER (the
 * HEARTBEAT sent with REGISTER makes any live router answer), so a peer that accepts connections but
 * never answers never takes messages. A SUSPECT naming this member's own address is how an xsite router
 * refuses a REGISTER (the protocol has no negative acknowledgement): the router then counts as down and
 * is tried again after the reconnect backoff. Confined to the client's event loop, which also runs the
 * channel, so none of its fields needs a lock.
 */
final class RouterConnection {
    private static final Logger log = LoggerFactory.getLogger(RouterConnection.class);

    /** What a connection reports to its client; called on the event loop. */
    interface Events {
        void onUp(RouterConnection connection);

        void onDown(RouterConnection connection);

        void onFrame(RouterConnection connection, GossipData frame);

        /** A MESSAGE arrived; takes ownership of its payload. */
        void onMessage(RouterConnection connection, ReceivedMessage message);

        /** The connection takes messages again after refusing some. */
        void onWritable(RouterConnection connection);
    }

    private final InetSocketAddress router;
    private final RouterClientConfig config;
    private final EventLoop loop;
    private final Events events;
    private final RandomGenerator random;
    private final Bootstrap bootstrap;
    private Channel channel;
    /** Batches the MESSAGEs written in place on {@code channel}; replaced with it. */
    private CoalescingWriter writer;
    private boolean up;
    private boolean closed;
    private int failures;
    /** Whether this router refused our REGISTER since it last accepted it: one WARN per such episode. */
    private boolean refused;
    /** When a frame was last seen: the heartbeat tick after it arrived (at most one interval late). */
    private long lastReceivedNanos;
    /** Whether a frame arrived since the last heartbeat tick; cheaper per frame than reading the clock. */
    private boolean receivedSinceTick;
    private ScheduledFuture<?> pendingReconnect;

    RouterConnection(InetSocketAddress router, RouterClientConfig config, EventLoop loop, Events events,
                     RandomGenerator random) {
        this.router = router;
        this.config = config;
        this.loop = loop;
        this.events = events;
        this.random = random;
        int high = config.writeBufferHighWaterMark();
        this.bootstrap = RouterChannels.bootstrap(loop, config.connectTimeout(), config.maxFrameBytes(),
                new WriteBufferWaterMark(high / 2, high), config.security(), router, Inbound::new);
    }

    InetSocketAddress router() {
        return router;
    }

    /** Whether the router answered since the last (re)connect and can take a message now. */
    boolean acceptsMessages() {
        return up && channel.isWritable() && writer.hasRoom();
    }

    boolean isUp() {
        return up;
    }

    /** Starts a connect attempt: resolve (off the event loop, DNS may block), connect, register. */
    void connect() {
        assert loop.inEventLoop();
        pendingReconnect = null;
        if (closed) {
            return;
        }
        CompletableFuture.supplyAsync(() -> new InetSocketAddress(router.getHostString(), router.getPort()))
                .whenCompleteAsync((resolved, error) -> {
                    if (error != null || resolved.isUnresolved()) {
                        onConnectFailed(error != null ? error : new UnknownHostException(router.getHostString()));
                    } else {
                        bootstrap.connect(resolved).addListener((ChannelFuture f) -> {
                            if (f.isSuccess()) {
                                onConnected(f.channel());
                            } else {
                                onConnectFailed(f.cause());
                            }
                        });
                    }
                }, loop);
    }

    /** Writes a MESSAGE; the future completes on the event loop. */
    ChannelFuture write(GossipData message) {
        return channel.writeAndFlush(message);
    }

    /**
     * Writes a MESSAGE of {@code header} (see {@link MessageHeaders}) and {@code payload}, encoded straight
     * into this round's batch; false when the batch is full.
     */
    boolean write(byte[] header, OutboundFrame payload) {
        return writer.write(new MessageBody(header, payload));
    }

    /** Heartbeat timer tick: drop the router if it has been silent too long, else ping it. */
    void onHeartbeatTick() {
        if (channel == null) {
            return;
        }
        long now = System.nanoTime();
        if (receivedSinceTick) {
            receivedSinceTick = false;
            lastReceivedNanos = now;
        }
        long silentNanos = now - lastReceivedNanos;
        if (silentNanos > config.heartbeatTimeout().toNanos()) {
            log.info("router {} silent for {} ms (timeout {}), reconnecting {} in group {}", name(),
                    TimeUnit.NANOSECONDS.toMillis(silentNanos), config.heartbeatTimeout(), config.logicalName(),
                    config.group());
            channel.close();
        } else {
            channel.writeAndFlush(GossipData.heartbeat());
        }
    }

    /**
     * Stops reconnecting; sends UNREGISTER if connected, then closes.
     *
     * @return completes when the channel is closed
     */
    Future<?> close() {
        return close(true);
    }

    /** Closes the connection without UNREGISTER, as a crash would: the router suspects the member to its group. */
    Future<?> abort() {
        return close(false);
    }

    private Future<?> close(boolean unregister) {
        closed = true;
        if (pendingReconnect != null) {
            pendingReconnect.cancel(false);
        }
        if (channel == null) {
            return loop.newSucceededFuture(null);
        }
        Channel closing = channel;
        if (unregister) {
            closing.writeAndFlush(GossipData.unregister(config.group(), config.self()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            closing.close();
        }
        return closing.closeFuture();
    }

    private void onConnected(Channel connected) {
        if (closed) {
            connected.close();
            return;
        }
        channel = connected;
        writer = new CoalescingWriter(connected, RouterChannels.ENCODER, config.writeBufferHighWaterMark(),
                () -> events.onWritable(this));
        lastReceivedNanos = System.nanoTime();
        log.debug("connected to router {}, registering {} in group {}", name(), config.self(), config.group());
        // REGISTER is never acknowledged (spec 1.6); the HEARTBEAT's echo tells us the router is alive.
        connected.write(GossipData.register(config.group(), config.self(), config.logicalName(), config.physical()));
        connected.writeAndFlush(GossipData.heartbeat());
    }

    private void onConnectFailed(Throwable cause) {
        if (closed) {
            return;
        }
        if (failures == 0) {
            log.info("router {} unreachable for {} in group {} ({}), retrying with backoff up to {}", name(),
                    config.logicalName(), config.group(), cause.toString(), config.reconnectMaxDelay());
        } else {
            log.debug("router {} still unreachable ({})", name(), cause.toString());
        }
        scheduleReconnect();
    }

    /**
     * A SUSPECT of our own address: the router refused our REGISTER and closes the connection. Closes it
     * from here too, without counting the router as up (the reconnect backoff keeps growing while it refuses).
     */
    private boolean isRefusal(Channel from, Object frame) {
        if (from != channel || !(frame instanceof GossipData data) || data.type() != GossipType.SUSPECT
                || !config.self().equals(data.address()) || !config.group().equals(data.group())) {
            return false;
        }
        if (!refused) {
            refused = true;
            log.warn("router {} refused the registration of {} ({}) in group {}; using the other routers, retrying"
                    + " this one with backoff up to {}", name(), config.logicalName(), config.self(), config.group(),
                    config.reconnectMaxDelay());
        } else {
            log.debug("router {} refused the registration of {} in group {} again", name(), config.self(),
                    config.group());
        }
        from.close();
        return true;
    }

    /** Whether a frame read from {@code from} counts (it is this connection's): notes the router alive, maybe up. */
    private boolean onRead(Channel from) {
        if (from != channel) {
            return false;
        }
        receivedSinceTick = true;
        if (!up) {
            up = true;
            failures = 0;
            refused = false;
            events.onUp(this);
        }
        return true;
    }

    private void onInactive(Channel from) {
        if (from != channel) {
            return;
        }
        channel = null;
        writer = null;
        boolean wasUp = up;
        up = false;
        if (wasUp) {
            events.onDown(this);
        }
        if (!closed) {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        long delay = ReconnectBackoff.delay(failures++, config.reconnectInitialDelay(), config.reconnectMaxDelay(),
                random).toNanos();
        pendingReconnect = loop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    private String name() {
        return RouterHosts.format(router);
    }

    /** The thin end of the pipeline: hands frames (a MESSAGE's payload with ownership) and closes to the connection. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object frame) {
            if (isRefusal(ctx.channel(), frame)) {
                return;
            }
            boolean ours = onRead(ctx.channel());
            if (frame instanceof ReceivedMessage message) {
                if (ours) {
                    events.onMessage(RouterConnection.this, message);
                } else {
                    message.payload().release();
                }
            } else if (ours) {
                events.onFrame(RouterConnection.this, (GossipData) frame);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onInactive(ctx.channel());
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel && channel.isWritable()) {
                // As a task of its own: this event can fire inside a write of a sender (a flush handler
                // flushes when the write crosses the high-water mark), which must not be re-entered.
                ctx.executor().execute(() -> events.onWritable(RouterConnection.this));
            }
            ctx.fireChannelWritabilityChanged();
        }

        /**
         * Bad input or an I/O error closes only this connection; the reconnect backoff bounds how often
         * a broken router can make this log.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Once the connection is closing, every batch still queued fails here too: one line is enough.
            if (ctx.channel().isActive()) {
                log.warn("router {} connection failed, closing it: {}", name(), cause.toString());
            } else {
                log.debug("router {} connection closed, a write failed: {}", name(), cause.toString());
            }
            ctx.close();
        }
    }
}
