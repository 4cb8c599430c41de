package io.xsite.core.internal.tunnel;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.xsite.wire.gossip.GossipFraming;
import io.xsite.net.loop.EventLoops;
import io.xsite.net.loop.FrameReads;
import io.xsite.net.tls.ConnectionSecurity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How every client-side router connection is set up: TCP_NODELAY (gossip frames are small and
 * latency-bound), SO_KEEPALIVE (the only half-open detection when heartbeats are off), write-buffer
 * water marks, then the pipeline: flush consolidation, frame decoder, body decoder, frame encoder and the caller's terminal
 * handler.
 */
final class RouterChannels {
    /** Pipeline name of the frame encoder; {@link io.xsite.core.transport.CoalescingWriter} writes framed batches below it. */
    static final String ENCODER = "encoder";

    private RouterChannels() {
    }

    /**
     * A bootstrap on {@code group} for connections to {@code router}, secured by {@code security} first,
     * whose channels end in a fresh handler from {@code terminal}.
     */
    static Bootstrap bootstrap(EventLoopGroup group, Duration connectTimeout, int maxFrameBytes,
                               WriteBufferWaterMark waterMark, ConnectionSecurity security, InetSocketAddress router,
                               Supplier<ChannelHandler> terminal) {
        return new Bootstrap()
                .group(group)
                .channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, FrameReads.ALLOCATOR)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        connectTimeout.toMillis())))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Frames written in one event-loop round leave in one flush (one system call): a site
                        // master relays a burst read from its site as a burst of MESSAGEs.
                        ch.pipeline().addLast("flushes", new FlushConsolidationHandler(
                                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                                .addLast("frames", GossipFraming.frameDecoder(maxFrameBytes))
                                .addLast("decoder", new GossipFrameDecoder())
                                .addLast(ENCODER, GossipFrameEncoder.INSTANCE)
                                .addLast("router", terminal.get());
                        security.secureOpened(ch, router.getHostString(), router.getPort());
                    }
                });
    }
}
