package io.xsite.core.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.xsite.core.transport.EventLoops;
import io.xsite.core.transport.SocketFailures;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny HTTP server for operators: GET on a set of paths ({@code /health}, {@code /metrics}, ...),
 * 404 for any other path, 405 for any other method. It runs on its own single event loop so that a
 * scrape never competes with the I/O of the component it describes.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Requests are GETs without bodies; anything larger is refused by the aggregator (413). */
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
     * Binds {@code bind} and serves {@code routes} (path, e.g. "/health", to route).
     *
     * @throws IllegalStateException naming the address if it cannot be bound
     */
    public static AdminServer start(InetSocketAddress bind, Map<String, AdminRoute> routes) {
        // Concurrent: routes may be added while the event loop reads the table (addRoute).
        Map<String, AdminRoute> table = new ConcurrentHashMap<>(routes);
        EventLoopGroup group = EventLoops.create("xsite-admin", 1);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(EventLoops.serverSocketChannel())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                    new HttpObjectAggregator(MAX_REQUEST_BYTES), new AdminHandler(table));
                        }
                    })
                    .bind(bind).syncUninterruptibly().channel();
            AdminServer server = new AdminServer(group, channel, table);
            LOG.info("admin endpoint listening on {} with {}", server.address(), table.keySet());
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
