package io.xsite.router;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.xsite.core.admin.AdminAccess;
import io.xsite.core.admin.AdminServer;
import io.xsite.core.codec.BadInputWarnings;
import io.xsite.core.codec.LengthPrefixedFrameDecoder;
import io.xsite.core.transport.EventLoops;
import io.xsite.core.transport.FrameReads;
import io.xsite.core.transport.SocketFailures;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gossip router speaking the JGroups 5.x protocol (gossip-router-protocol.md 1.1-1.10), with the
 * improvements of 1.10: refused hijacks and forged senders, all registrations of a closed connection
 * removed, no dial-out, bounded outbound buffers, a frame size limit, metrics.
 *
 * <p>Threading: one event loop accepts, reads, routes and writes for every client. The routing table
 * lives on it, so forwarding needs neither locks nor a hand-off between threads, and a forwarded frame
 * is written to the receiver's channel directly, as a retained slice of the received bytes.
 */
public final class GossipRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GossipRouter.class);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final RoutingTable table;
    private final RouterMetrics metrics;
    private AdminServer admin;

    private GossipRouter(EventLoopGroup group, Channel serverChannel, RoutingTable table, RouterMetrics metrics) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.table = table;
        this.metrics = metrics;
    }

    /**
     * Binds the router (and the admin endpoint unless {@code adminPort} is -1) and starts serving.
     *
     * @throws IllegalStateException naming the address if the router or admin port cannot be bound
     */
    public static GossipRouter start(RouterConfig config) {
        return start(config, AdminAccess.OPEN);
    }

    /** As {@link #start(RouterConfig)}, with the admin endpoint guarded by {@code adminAccess}. */
    public static GossipRouter start(RouterConfig config, AdminAccess adminAccess) {
        Objects.requireNonNull(adminAccess, "adminAccess");
        EventLoopGroup group = EventLoops.create("xsite-router", 1);
        EventLoop loop = group.next();
        RouterMetrics metrics = new RouterMetrics();
        RoutingTable table = new RoutingTable(loop, metrics, config.takeoverAfterSilence());
        FrameDispatcher dispatcher = new FrameDispatcher(table, metrics);
        BadInputWarnings badInput = new BadInputWarnings(LoggerFactory.getLogger(RouterHandler.class),
                Duration.ofSeconds(1));
        InetSocketAddress bind = new InetSocketAddress(config.bindAddress(), config.port());
        Channel server;
        try {
            server = new ServerBootstrap()
                    .group(loop)
                    .channel(EventLoops.serverSocketChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, FrameReads.ALLOCATOR)
                    .childOption(ChannelOption.SO_KEEPALIVE, config.tcpKeepAlive())
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!config.idleExpiry().isZero()) {
                                ch.pipeline().addLast(new IdleStateHandler(config.idleExpiry().toNanos(), 0, 0,
                                        TimeUnit.NANOSECONDS));
                            }
                            // Frames keep their length prefix, so that a MESSAGE is forwarded as one
                            // retained slice of exactly the bytes received.
                            ch.pipeline().addLast(new LengthPrefixedFrameDecoder(config.maxFrameBytes(), true),
                                    new RouterHandler(table,
                                    dispatcher, metrics, badInput, config.slowReceiverTimeout()));
                        }
                    })
                    .bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot bind gossip router to " + bind + ": " + SocketFailures.message(e), e);
        }
        GossipRouter router = new GossipRouter(group, server, table, metrics);
        if (config.adminPort() >= 0) {
            try {
                router.admin = AdminServer.start(new InetSocketAddress(config.bindAddress(), config.adminPort()),
                        RouterAdmin.routes(server, loop, table, metrics), adminAccess, metrics.registry(),
                        Optional.empty());
            } catch (RuntimeException e) {
                router.close();
                throw e;
            }
        }
        LOG.info("gossip router listening on {}, admin {}, config {}", router.address(),
                router.adminAddress().map(String::valueOf).orElse("off"), config);
        return router;
    }

    /** The bound router address, with the real port when an ephemeral one was asked for. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The bound admin endpoint address, empty when the admin endpoint is off. */
    public Optional<InetSocketAddress> adminAddress() {
        return Optional.ofNullable(admin).map(AdminServer::address);
    }

    /** Open client connections, counted on the router's loop; for tests in this package. */
    int connectionCount() {
        return group.submit(table::connectionCount).syncUninterruptibly().getNow();
    }

    /** Frames dropped so far for {@code reason}; for tests in this package. */
    double droppedCount(DropReason reason) {
        return metrics.droppedCount(reason);
    }

    /** Stops the admin endpoint, closes every client connection and the server socket; waits for both. */
    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        if (!group.isShuttingDown()) {
            group.submit(table::stop).syncUninterruptibly();
            serverChannel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            LOG.info("gossip router on {} stopped", serverChannel.localAddress());
        }
    }
}
