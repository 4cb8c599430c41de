package io.xsite.router;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.xsite.wire.address.Address;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.admin.AdminServer;
import io.xsite.wire.codec.BadInputWarnings;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.loop.EventLoops;
import io.xsite.net.loop.FrameReads;
import io.xsite.net.loop.SocketFailures;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gossip router speaking the JGroups 5.x protocol (gossip-router-protocol.md 1.1-1.10), with the
 * improvements of 1.10: refused hijacks and forged senders, all registrations of a closed connection
 * removed, no dial-out, bounded outbound buffers, a frame size limit, metrics; and limits that strangers
 * cannot push it past (connections in total and per address, registrations per connection, name lengths,
 * a first frame in time, small frames until a connection registered, idle expiry).
 *
 * <p>Threading (design.md "Router: event loops, no copies"): {@link RouterConfig#ioThreads()} event loops
 * serve the clients, each connection on one of them, which reads, routes and forwards its frames. Forwarding reads the
 * routing table without a lock and writes a retained slice of the received bytes to the receiver's channel;
 * a receiver on another loop gets the write handed over to its loop, in order, flushed once per read batch.
 * Registrations and closes change the table under its lock.
 */
public final class GossipRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GossipRouter.class);
    /**
     * The buffers of client connections. Not Netty's default (adaptive) allocator: in a JVM with at most 512 MiB
     * of heap, as routers usually run, it pools no buffer above 16.5 KB, so every read of a busy connection (up to
     * 256 KB, {@link FrameReads}) was a fresh direct buffer, zeroed by the JDK and freed again: in the router
     * benchmark at 16 KB that zeroing alone took 7% of the router's CPU. The pooled allocator keeps such reads in
     * its arenas at any heap size.
     */
    private static final ByteBufAllocator BUFFERS = PooledByteBufAllocator.DEFAULT;

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
     * Binds the plain router ({@link RouterAccess#PLAIN}: identity by source address, every group open) and
     * the admin endpoint unless {@code adminPort} is -1, and starts serving.
     *
     * @throws IllegalStateException naming the address if the router or admin port cannot be bound
     */
    public static GossipRouter start(RouterConfig config) {
        return start(config, RouterAccess.PLAIN);
    }

    /**
     * As {@link #start(RouterConfig)}, with the identities and registration policy of {@code access}.
     *
     * @throws IllegalStateException naming the address if the router or admin port cannot be bound
     */
    public static GossipRouter start(RouterConfig config, RouterAccess access) {
        return start(config, metrics -> access, AdminAccess.OPEN);
    }

    /** As {@link #start(RouterConfig)}, with the admin endpoint guarded by {@code adminAccess}. */
    public static GossipRouter start(RouterConfig config, AdminAccess adminAccess) {
        return start(config, metrics -> RouterAccess.PLAIN, adminAccess);
    }

    /**
     * As {@link #start(RouterConfig, AdminAccess)}, serving TLS clients only: members and tools with a certificate
     * of the CA in {@code tls}, each member registering for its own site only ({@link RouterAccess#certificates});
     * {@code bridgeGroups} are the bridge clusters every site may use.
     *
     * @throws IllegalStateException naming the address if the router or admin port cannot be bound
     */
    public static GossipRouter start(RouterConfig config, ReloadingTls tls, Set<String> bridgeGroups,
                                     AdminAccess adminAccess) {
        return start(config, metrics -> RouterAccess.certificates(tls, bridgeGroups, metrics), adminAccess);
    }

    private static GossipRouter start(RouterConfig config, Function<MeterRegistry, RouterAccess> accessFor,
                                      AdminAccess adminAccess) {
        Objects.requireNonNull(adminAccess, "adminAccess");
        EventLoopGroup group = EventLoops.create("xsite-router", config.effectiveIoThreads());
        RouterMetrics metrics = new RouterMetrics();
        RouterAccess access = accessFor.apply(metrics.registry());
        BadInputWarnings badInput = new BadInputWarnings(LoggerFactory.getLogger(RouterHandler.class),
                Duration.ofSeconds(1));
        RoutingTable table = new RoutingTable(metrics, config, access.policy(), badInput);
        InetSocketAddress bind = new InetSocketAddress(config.bindAddress(), config.port());
        Channel server;
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(EventLoops.serverSocketChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, FrameReads.ALLOCATOR)
                    .childOption(ChannelOption.ALLOCATOR, BUFFERS)
                    .childOption(ChannelOption.SO_KEEPALIVE, config.tcpKeepAlive())
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
                    .childHandler(new ClientPipeline(config, access, table, metrics, badInput));
            if (!access.security().isPlain()) {
                // Over TLS the table admits a connection once authenticated; these limits apply before the handshake.
                bootstrap.handler(new RawConnectionLimit(config, metrics, badInput));
            }
            server = bootstrap.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot bind gossip router to " + bind + ": " + SocketFailures.message(e),
                    e);
        }
        GossipRouter router = new GossipRouter(group, server, table, metrics);
        if (config.adminPort() >= 0) {
            try {
                router.admin = AdminServer.start(new InetSocketAddress(config.bindAddress(), config.adminPort()),
                        RouterAdmin.routes(server, table, metrics), adminAccess, metrics.registry(),
                        Optional.empty());
            } catch (RuntimeException e) {
                router.close();
                throw e;
            }
        }
        LOG.info("gossip router listening on {}, admin {}, event loops {}, config {}", router.address(),
                router.adminAddress().map(String::valueOf).orElse("off"), config.effectiveIoThreads(), config);
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

    /** Open client connections; for tests in this package. */
    int connectionCount() {
        return table.connectionCount();
    }

    /** Frames dropped so far for {@code reason}; for tests in this package. */
    double droppedCount(DropReason reason) {
        return metrics.droppedCount(reason);
    }

    /** Connections refused or closed so far for {@code reason}; for tests in this package. */
    double refusedCount(ConnectionRefusal reason) {
        return metrics.connectionsRefusedCount(reason);
    }

    /** REGISTERs refused so far for {@code reason}; for tests in this package. */
    double refusedCount(RegistrationRefusal reason) {
        return metrics.registrationsRefusedCount(reason);
    }

    /**
     * Closes the connection holding {@code address} in {@code cluster}, as a network failure would; for
     * tests in this package.
     */
    void disconnect(String cluster, Address address) {
        Map<Address, Registration> members = table.members(cluster);
        Registration held = members == null ? null : members.get(address);
        if (held != null) {
            held.connection().close("disconnected by a test");
        }
    }

    /** Members registered in {@code group} now; for tests in this package. */
    int memberCount(String group) {
        Map<Address, Registration> members = table.members(group);
        return members == null ? 0 : members.size();
    }

    /** Groups with registrations now; for tests in this package. */
    int groupCount() {
        return table.groups().size();
    }

    /** Stops the admin endpoint, closes every client connection and the server socket; waits for both. Once only. */
    @Override
    public void close() {
        if (!group.isShuttingDown()) {
            if (admin != null) {
                admin.close();
            }
            table.stop();
            serverChannel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            LOG.info("gossip router on {} stopped", serverChannel.localAddress());
        }
    }
}
