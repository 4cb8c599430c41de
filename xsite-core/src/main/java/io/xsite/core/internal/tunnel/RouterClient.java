package io.xsite.core.internal.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.xsite.wire.address.Address;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipHeader;
import io.xsite.wire.gossip.GossipType;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.OutboundFrame;
import io.xsite.core.transport.tunnel.NoRouterAvailableException;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.transport.tunnel.RouterHosts;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's connections to every router of a tunnel (spec section 2, with the improvements DESIGN.md
 * asks for): registers with each router, keeps each alive with heartbeats, reconnects with jittered
 * backoff, and sends each message through one router, failing over to the next when a write fails.
 *
 * <p>Router choice is sticky: messages go to the preferred router (at first the first one in list
 * order that is up) until it goes down, so consecutive messages keep their order while it stays up;
 * JGroups instead picks a random router per message.
 *
 * <p>Threads: all state (connections, backoff, the preferred router) lives on one event loop, which also
 * runs this client's channels and calls the listener; public methods hand work to it. With {@link #start}
 * the loop is one of {@link EventLoops#shared()}; with {@link #startOn} it is the caller's (a member's).
 */
public final class RouterClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RouterClient.class);
    /** "No router tried yet" for a message tried on one router only; never set. */
    private static final BitSet NONE_TRIED = new BitSet();

    private final RouterClientConfig config;
    private final RouterListener listener;
    private final EventLoop loop;
    private final List<RouterConnection> connections;
    private final ScheduledFuture<?> heartbeats;
    private final RouterChoice choice = new RouterChoice();
    private final MessageHeaders headers;
    private boolean closed;

    private RouterClient(RouterClientConfig config, RouterListener listener, RandomGenerator random, EventLoop loop) {
        this.config = config;
        this.listener = listener;
        this.loop = loop;
        List<RouterConnection> list = new ArrayList<>();
        Events events = new Events();
        for (InetSocketAddress router : config.routers()) {
            list.add(new RouterConnection(router, config, loop, events, random));
        }
        this.connections = List.copyOf(list);
        this.headers = new MessageHeaders(config.group(), config.self());
        long interval = config.heartbeatInterval().toNanos();
        this.heartbeats = loop.scheduleAtFixedRate(() -> connections.forEach(RouterConnection::onHeartbeatTick),
                interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts connecting to every router of {@code config} on one of the shared event loops, where the
     * listener is called too; returns at once. Jitter is unseeded.
     */
    public static RouterClient start(RouterClientConfig config, RouterListener listener) {
        return start(config, listener, new SplittableRandom());
    }

    /** As {@link #start(RouterClientConfig, RouterListener)}, drawing reconnect jitter from {@code random}. */
    public static RouterClient start(RouterClientConfig config, RouterListener listener, RandomGenerator random) {
        return start(new RouterClient(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(random, "random"),
                EventLoops.shared().next()));
    }

    /**
     * As {@link #start(RouterClientConfig, RouterListener)}, with the connections and the listener on
     * {@code loop}: a member's tunnel transport, whose member runs on the same loop, so that a frame from a
     * router reaches the protocol without changing threads. Closing from the loop itself does not wait for
     * the connections to close.
     */
    public static RouterClient startOn(EventLoop loop, RouterClientConfig config, RouterListener listener) {
        return start(new RouterClient(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(listener, "listener"), new SplittableRandom(),
                Objects.requireNonNull(loop, "loop")));
    }

    private static RouterClient start(RouterClient client) {
        RouterClientConfig config = client.config;
        log.info("router client for {} ({}) in group {} starting, routers {}", config.logicalName(), config.self(),
                config.group(), config.routers().stream().map(RouterHosts::format).toList());
        client.loop.execute(() -> client.connections.forEach(RouterConnection::connect));
        return client;
    }

    /**
     * Sends {@code payload} to {@code destination} (null = every member of the group, this one excluded)
     * through one router. The client does not copy {@code payload}: do not change it until the future
     * completes.
     *
     * @return completes when a router's connection took the bytes (not when the destination got them);
     *         fails with {@link NoRouterAvailableException} when no router could take them
     */
    public CompletableFuture<Void> send(Address destination, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        GossipData message = GossipData.message(config.group(), destination, config.self(), payload);
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            route(message, result, new BitSet(connections.size()), null);
        } else {
            loop.execute(() -> route(message, result, new BitSet(connections.size()), null));
        }
        return result;
    }

    /**
     * On the client's event loop: sends a MESSAGE whose payload {@code payload} writes straight into the
     * preferred router's write batch, without copying it and without a future of its own. A failed
     * write is not tried again on another router: the caller's protocol resends.
     *
     * @return whether a router took it; if not, {@link RouterListener#onWritable} follows when one can
     */
    boolean sendInPlace(Address destination, OutboundFrame payload) {
        assert loop.inEventLoop();
        int index = choice.pick(connections.size(), NONE_TRIED, i -> connections.get(i).acceptsMessages(),
                i -> connections.get(i).isUp());
        return index >= 0 && connections.get(index).write(headers.to(destination), payload);
    }

    /** The routers that are up now, in list order. */
    public List<InetSocketAddress> connectedRouters() {
        if (loop.inEventLoop()) {
            return upRouters();
        }
        return loop.submit(this::upRouters).syncUninterruptibly().getNow();
    }

    /**
     * Sends UNREGISTER to every connected router and closes all connections. Off the loop it waits at most
     * the connect timeout for the connections to close.
     */
    @Override
    public void close() {
        close(RouterConnection::close);
    }

    /** As {@link #close()}, without UNREGISTER: the routers report this member suspected, as after a crash. */
    public void abort() {
        close(RouterConnection::abort);
    }

    private void close(Function<RouterConnection, Future<?>> closeOne) {
        if (loop.inEventLoop()) {
            // Waiting here would wait for this very thread: the connections close right after this task.
            closeConnections(closeOne);
        } else {
            List<Future<?>> closing = loop.submit(() -> closeConnections(closeOne)).syncUninterruptibly().getNow();
            if (closing == null) {
                return; // closed before
            }
            for (Future<?> future : closing) {
                future.awaitUninterruptibly(config.connectTimeout().toMillis());
            }
        }
        log.info("router client for {} in group {} closed", config.logicalName(), config.group());
    }

    private List<InetSocketAddress> upRouters() {
        return connections.stream().filter(RouterConnection::isUp).map(RouterConnection::router).toList();
    }

    /** Hands {@code message} to the preferred router or, failing that, the next untried one in list order. */
    private void route(GossipData message, CompletableFuture<Void> result, BitSet tried, Throwable lastFailure) {
        int index = choice.pick(connections.size(), tried, i -> connections.get(i).acceptsMessages(),
                i -> connections.get(i).isUp());
        if (index < 0) {
            result.completeExceptionally(new NoRouterAvailableException("no router took the message for "
                    + message.address() + " in group " + config.group() + ": " + tried.cardinality()
                    + " write(s) failed, up " + upRouters().stream().map(RouterHosts::format).toList() + " of "
                    + config.routers().size() + " (down or above the write-buffer high-water mark)", lastFailure));
            return;
        }
        tried.set(index);
        RouterConnection connection = connections.get(index);
        connection.write(message).addListener(f -> {
            if (f.isSuccess()) {
                if (log.isDebugEnabled()) { // formatting the router per frame costs more than the frame
                    log.debug("sent {} B to {} via router {}", message.payload().length, message.address(),
                            RouterHosts.format(connection.router()));
                }
                result.complete(null);
            } else {
                log.debug("write to router {} failed, trying the next: {}", RouterHosts.format(connection.router()),
                        f.cause().toString());
                route(message, result, tried, f.cause());
            }
        });
    }

    /** Closes every connection (on the loop); null when closed before. */
    private List<Future<?>> closeConnections(Function<RouterConnection, Future<?>> closeOne) {
        if (closed) {
            return null;
        }
        closed = true;
        heartbeats.cancel(false);
        return connections.stream().<Future<?>>map(closeOne).toList();
    }

    /** Runs {@code callback} of the listener; a listener's failure is logged and the client goes on. */
    private void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("router listener of {} in group {} failed", config.logicalName(), config.group(), e);
        }
    }

    /** The connections' reports, on the event loop. */
    private final class Events implements RouterConnection.Events {
        @Override
        public void onWritable(RouterConnection connection) {
            deliver(listener::onWritable);
        }

        @Override
        public void onUp(RouterConnection connection) {
            log.info("router {} up for {} in group {}", RouterHosts.format(connection.router()),
                    config.logicalName(), config.group());
            deliver(() -> listener.onRouterUp(connection.router()));
        }

        @Override
        public void onDown(RouterConnection connection) {
            if (closed) {
                return; // our own close, already logged once for the whole client
            }
            log.info("router {} down for {} in group {}", RouterHosts.format(connection.router()),
                    config.logicalName(), config.group());
            choice.onDown(connections.indexOf(connection));
            if (connections.stream().noneMatch(RouterConnection::isUp)) {
                log.warn("all {} routers down for {} in group {}; sends fail until one reconnects",
                        connections.size(), config.logicalName(), config.group());
            }
            deliver(() -> listener.onRouterDown(connection.router()));
        }

        @Override
        public void onFrame(RouterConnection connection, GossipData frame) {
            if (frame.type() == GossipType.SUSPECT && !config.self().equals(frame.address())) {
                log.debug("router {} suspects {} in group {}", RouterHosts.format(connection.router()),
                        frame.address(), frame.group());
                deliver(() -> listener.onSuspect(frame.address()));
            }
        }

        @Override
        public void onMessage(RouterConnection connection, ReceivedMessage message) {
            GossipHeader header = message.header();
            ByteBuf payload = message.payload();
            if (config.self().equals(header.sender())) {
                payload.release();
                return; // a JGroups 5.5 router echoes multicasts to their sender (spec 1.6)
            }
            if (log.isDebugEnabled()) {
                log.debug("received {} B from {} to {} via router {}", payload.readableBytes(), header.sender(),
                        header.address(), RouterHosts.format(connection.router()));
            }
            deliver(() -> listener.onMessage(header.sender(), header.address(), payload));
        }
    }
}
