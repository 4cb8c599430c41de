package io.xsite.net.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.xsite.net.loop.EventLoops;
import io.xsite.net.loop.SocketFailures;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny HTTP server for operators: a set of paths ({@code /health}, {@code /metrics}, ...) each served by
 * an {@link AdminRoute}, 404 for any other path, 405 for a method the route does not answer. An
 * {@link AdminAccess} guards it: a bearer token for everything but the Kubernetes probes, state-changing
 * routes only with that token, a rate limit for the expensive routes; refusals count in
 * {@code xsite_admin_requests_refused_total{reason}}. With a TLS context it speaks HTTPS only. It runs on
 * its own single event loop so that a scrape never competes with the I/O of the component it describes;
 * that loop is also the one thread of the guard's rate limit.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /**
     * The end of a path that serves every path below it: a route registered for {@code /caches/*} answers
     * {@code /caches/default/k} (with the whole path in {@link AdminRequest#path()}) unless a nearer one does.
     */
    public static final String WILDCARD = "/*";
    /** Requests are GETs or small state changes; anything larger is refused by the aggregator (413). */
    private static final int MAX_REQUEST_BYTES = 8 << 10;

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Map<String, AdminRoute> table;

    private AdminServer(EventLoopGroup group, Channel serverChannel, Map<String, AdminRoute> table) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.table = table;
    }

    /**
     * Binds {@code bind} and serves {@code routes} (path, e.g. "/health", to route) over plain HTTP with
     * {@link AdminAccess#OPEN} access, counting refusals in a registry of its own: for tests and tools.
     *
     * @throws IllegalStateException naming the address if it cannot be bound
     */
    public static AdminServer start(InetSocketAddress bind, Map<String, AdminRoute> routes) {
        return start(bind, routes, AdminAccess.OPEN, new SimpleMeterRegistry(), Optional.empty());
    }

    /**
     * Binds {@code bind} and serves {@code routes} (path, e.g. "/health", to route) as {@code access} allows.
     *
     * @param registry where refused requests are counted (the component's, so that its {@code /metrics} shows them)
     * @param tls      when present, every connection starts with a TLS handshake; the supplier is asked once
     *                 per connection, so a reloading supplier rotates certificates without a restart
     * @throws IllegalStateException naming the address if it cannot be bound
     */
    public static AdminServer start(InetSocketAddress bind, Map<String, AdminRoute> routes, AdminAccess access,
                                    MeterRegistry registry, Optional<Supplier<SslContext>> tls) {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(tls, "tls");
        // Concurrent: routes may be added while the event loop reads the table (addRoute).
        Map<String, AdminRoute> table = new ConcurrentHashMap<>(routes);
        // One guard for all connections: they share the single event loop, which owns its bucket.
        AdminGuard guard = new AdminGuard(access, new TokenBucket(access.rateLimit(), System::nanoTime), registry);
        EventLoopGroup group = EventLoops.create("xsite-admin", 1);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            tls.ifPresent(context -> ch.pipeline().addLast(context.get().newHandler(ch.alloc())));
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                    new HttpObjectAggregator(MAX_REQUEST_BYTES), new AdminHandler(table, guard));
                        }
                    })
                    .bind(bind).syncUninterruptibly().channel();
            AdminServer server = new AdminServer(group, channel, table);
            LOG.info("admin endpoint listening on {} ({}, {}) with {}", server.address(),
                    tls.isPresent() ? "https" : "http", access.token().isPresent() ? "token required" : "no token",
                    table.keySet());
            return server;
        } catch (Exception e) {
            // Exception, not RuntimeException: Netty rethrows the checked BindException undeclared.
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot bind admin endpoint to " + bind + ": " + SocketFailures.message(e), e);
        }
    }

    /**
     * Serves {@code route} on {@code path} from now on, for a part that joins a running component (the
     * probe of a relay node). Routes already served cannot be replaced.
     *
     * @throws IllegalArgumentException if {@code path} is served already
     */
    public void addRoute(String path, AdminRoute route) {
        if (table.putIfAbsent(path, route) != null) {
            throw new IllegalArgumentException("admin path " + path + " is served already");
        }
        LOG.info("admin endpoint on {} serves {} too", address(), path);
    }

    /** The bound address, with the real port when an ephemeral one was asked for. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops listening, closes open connections and stops the event loop; waits for it. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
