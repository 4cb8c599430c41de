package io.xsite.grid.resp;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.xsite.net.tls.TlsMaterial;
import io.xsite.net.loop.EventLoops;
import io.xsite.net.loop.SocketFailures;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.Grid;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid spoken to as Redis (grid.md "Access"): a RESP2/RESP3 server on one port of a member, serving
 * the grid's caches as databases ({@code SELECT n} is the n-th cache, database 0 is {@code default}).
 * {@code redis-cli}, {@code redis-benchmark}, Jedis and Lettuce work unchanged, and so do their cluster clients
 * ({@link ClusterCommands}): the server tells the grid its address ({@link Grid#advertise}).
 *
 * <pre>{@code
 * try (RespServer resp = RespServer.start(grid, RespServer.databases(gridConfig),
 *         RespConfig.listeningOn(new InetSocketAddress(6379)), registry)) { ... }
 * }</pre>
 *
 * <p>Threads: connections are served on the grid's own thread when it offers one ({@link Grid#clientLoop()}):
 * a request reaches the grid and its reply goes out where the grid's state lives, with no hand-over between
 * threads, and the replies its grid work completes in one round leave with one write per connection. A grid
 * without one gets a few event loops of the server's own, and replies hop back onto the connection's loop.
 * Connections are accepted on a thread of the server's own. See {@link RespDecoder} for the request limits and
 * {@link RespConnection} for pipelining and backpressure.
 */
public final class RespServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RespServer.class);

    /** The threads the server made: the acceptor's, and the connections' unless they run on the grid's. */
    private final List<EventLoopGroup> owned;
    private final Channel serverChannel;
    private final ChannelGroup connections;

    private RespServer(List<EventLoopGroup> owned, Channel serverChannel, ChannelGroup connections) {
        this.owned = owned;
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * The caches as databases: {@code default} (database 0) first when configured, then the others in
     * configuration order.
     */
    public static List<String> databases(GridConfig config) {
        List<String> names = config.caches().stream().map(CacheConfig::name).toList();
        return Stream.concat(names.stream().filter(CacheConfig.DEFAULT_CACHE::equals),
                names.stream().filter(name -> !name.equals(CacheConfig.DEFAULT_CACHE))).toList();
    }

    /**
     * Binds {@code config.bind()} and serves {@code grid}'s caches named {@code databases}, database 0 first.
     *
     * @param registry where the server's meters go ({@link RespMetrics})
     * @throws IllegalArgumentException if a database names a cache the grid does not have
     * @throws IllegalStateException    naming the address if it cannot be bound
     */
    public static RespServer start(Grid grid, List<String> databases, RespConfig config, MeterRegistry registry) {
        List<GridCache> caches = new ArrayList<>();
        for (String name : databases) {
            caches.add(grid.cache(name).orElseThrow(() -> new IllegalArgumentException("no cache " + name)));
        }
        if (caches.isEmpty()) {
            throw new IllegalArgumentException("the RESP server needs at least one cache");
        }
        AtomicReference<Channel> bound = new AtomicReference<>();
        AtomicReference<RespMetrics> meters = new AtomicReference<>();
        KeyCommands keys = new KeyCommands(System::currentTimeMillis);
        ConnectionCommands connection = new ConnectionCommands(config.password());
        ServerCommands server = new ServerCommands(caches, config.limits(),
                () -> ((InetSocketAddress) bound.get().localAddress()).getPort(), () -> meters.get().connections());
        ClusterCommands cluster = new ClusterCommands(() -> grid.topology(databases.get(0)));
        List<Command> served = new ArrayList<>(keys.commands());
        served.addAll(connection.commands());
        served.addAll(server.commands());
        served.addAll(cluster.commands());
        CommandTable table = new CommandTable(served, cluster);
        RespMetrics metrics = new RespMetrics(registry, served.stream().map(Command::name)
                .collect(Collectors.toSet()));
        meters.set(metrics);
        AtomicLong ids = new AtomicLong();
        TlsContexts tls = new TlsContexts(config);
        EventLoopGroup acceptor = EventLoops.create("xsite-resp-accept", 1);
        List<EventLoopGroup> owned = new ArrayList<>(List.of(acceptor));
        EventLoopGroup children = grid.clientLoop().<EventLoopGroup>map(loop -> loop).orElseGet(() -> {
            EventLoopGroup own = EventLoops.create("xsite-resp", Math.min(4, Runtime.getRuntime().availableProcessors()));
            owned.add(own);
            return own;
        });
        ChannelGroup connections = new DefaultChannelGroup("resp", GlobalEventExecutor.INSTANCE);
        try {
            Channel channel = new ServerBootstrap()
                    .group(acceptor, children)
                    .channel(EventLoops.serverSocketChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            config.limits().maxReplyBytes() / 2, config.limits().maxReplyBytes()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            tls.current().ifPresent(context -> ch.pipeline().addLast(context.newHandler(ch.alloc())));
                            ch.pipeline().addLast(new RespDecoder(config.limits()), new RespConnection(table, caches,
                                    config.limits(), metrics, ids.incrementAndGet(), config.password().isPresent()));
                        }
                    })
                    .bind(config.bind()).syncUninterruptibly().channel();
            bound.set(channel);
            grid.advertise((InetSocketAddress) channel.localAddress());
            log.info("RESP server listening on {} ({}, {}) with databases {}", channel.localAddress(),
                    config.tls().isPresent() ? "TLS" : "plain", config.password().isPresent() ? "password"
                            : config.tls().isPresent() ? "client certificate required" : "open", databases);
            return new RespServer(owned, channel, connections);
        } catch (Exception e) {
            // Exception, not RuntimeException: Netty rethrows the checked BindException undeclared.
            owned.forEach(group -> group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS));
            throw new IllegalStateException("cannot bind the RESP port " + config.bind() + ": "
                    + SocketFailures.message(e), e);
        }
    }

    /** The bound address, with the real port when an ephemeral one was asked for. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Stops listening, closes the connections and stops the event loops the server made; waits for them. The
     * grid's thread, where the connections may have run, goes on.
     */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        // A connection whose loop has stopped (its node crashed or closed first) was closed with the loop; asking
        // that loop again would only be refused.
        connections.close(channel -> !channel.eventLoop().isShuttingDown()).awaitUninterruptibly(2, TimeUnit.SECONDS);
        owned.forEach(group -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
    }

    /**
     * The server-side TLS context of the RESP port, rebuilt when the process's material is reloaded. Unlike the
     * member's own context the client certificate is optional where a password can authenticate instead:
     * {@code redis-cli --tls --cacert ca.crt -a ...} has none.
     */
    private static final class TlsContexts {
        private final RespConfig config;
        private TlsMaterial material;
        private SslContext context;

        TlsContexts(RespConfig config) {
            this.config = config;
        }

        synchronized java.util.Optional<SslContext> current() {
            if (config.tls().isEmpty()) {
                return java.util.Optional.empty();
            }
            TlsMaterial now = config.tls().get().current();
            if (now != material) {
                try {
                    context = SslContextBuilder.forServer(now.privateKey(), now.certificateChain())
                            .trustManager(now.trustedCertificates())
                            .clientAuth(config.password().isPresent() ? ClientAuth.OPTIONAL : ClientAuth.REQUIRE)
                            .protocols("TLSv1.3").sslProvider(TlsMaterial.provider()).build();
                    material = now;
                } catch (SSLException e) {
                    throw new IllegalStateException("cannot build the RESP port's TLS context: " + e.getMessage(), e);
                }
            }
            return java.util.Optional.of(context);
        }
    }
}
