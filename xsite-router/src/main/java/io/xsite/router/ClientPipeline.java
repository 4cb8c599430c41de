package io.xsite.router;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.wire.codec.LengthPrefixedFrameDecoder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every client connection: idle expiry, the stranger's frame limit, the frame decoder
 * and the {@link RouterHandler}, all sharing the router's table, dispatcher and metrics. Runs on the new
 * channel's event loop, and gives the connection that loop's {@link PendingFlushes}.
 */
final class ClientPipeline extends ChannelInitializer<Channel> {
    private final RouterConfig config;
    private final RouterAccess access;
    private final RoutingTable table;
    private final FrameDispatcher dispatcher;
    private final RouterMetrics metrics;
    private final BadInputWarnings badInput;
    /** One per event loop, made when the loop gets its first connection. */
    private final Map<EventLoop, PendingFlushes> flushes = new ConcurrentHashMap<>();

    /** The pipeline for connections routed by {@code table}; bad input goes to {@code badInput}. */
    ClientPipeline(RouterConfig config, RouterAccess access, RoutingTable table, RouterMetrics metrics,
                   BadInputWarnings badInput) {
        this.config = config;
        this.badInput = badInput;
        this.access = access;
        this.table = table;
        this.dispatcher = new FrameDispatcher(table, metrics, config.maxNameLength(), config.maxControlFrameBytes());
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(Channel ch) {
        ClientConnection connection = new ClientConnection(ch,
                flushes.computeIfAbsent(ch.eventLoop(), loop -> new PendingFlushes()), System.nanoTime());
        if (!config.idleExpiry().isZero()) {
            ch.pipeline().addLast(new IdleStateHandler(config.idleExpiry().toNanos(), 0, 0, TimeUnit.NANOSECONDS));
        }
        // Frames keep their length prefix, so that a MESSAGE is forwarded as one retained slice of exactly
        // the bytes received.
        ch.pipeline().addLast(
                new UnregisteredFrameLimit(connection, Math.min(config.maxControlFrameBytes(), config.maxFrameBytes())),
                new LengthPrefixedFrameDecoder(config.maxFrameBytes(), true),
                new RouterHandler(connection, table, dispatcher, metrics, badInput, access.identities(), config));
        // TLS goes first: the handlers above see the connection become active only once its client proved who
        // it is, so the identity factory reads the certificate and the first-frame timer starts after the
        // handshake (whose own timeout bounds a stranger that never finishes it).
        access.security().secureAccepted(ch);
    }
}
