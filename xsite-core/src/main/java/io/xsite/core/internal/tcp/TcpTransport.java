package io.xsite.core.internal.tcp;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipFraming;
import io.xsite.net.tls.ConnectionSecurity;
import io.xsite.core.transport.CoalescingWriter;
import io.xsite.net.loop.EventLoops;
import io.xsite.net.loop.FrameReads;
import io.xsite.core.transport.OutboundFrame;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportListener;
import io.xsite.core.internal.tunnel.ReconnectBackoff;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tcp} transport: one Netty connection per pair of members, opened on the first send to a
 * learned member and again after it dropped, with a HELLO handshake that checks the cluster and settles
 * simultaneous dials (see {@link Handshakes}).
 *
 * <p>Frames go out with a 4-byte length prefix. Each connection's outbound buffer is bounded by the
 * write-buffer water marks: {@link #send} refuses frames while a connection is above the high mark and
 * {@link TransportListener#onWritable} follows when it drains. Small frames are bundled under load
 * without delay when idle: every send flushes, and {@link FlushConsolidationHandler} turns the flushes of
 * a burst of writes into one per batch, flushing at once when no more writes are queued.
 *
 * <p>Threads: confined to the member's event loop. Every connection, the listen socket included, is
 * registered on it, so the peers, their connections and the listener callbacks all run on that one thread
 * and need no lock. {@link #start} binds synchronously and so runs off the loop, before the member hands
 * the transport to it; every other method runs on the loop and checks it.
 */
public final class TcpTransport implements Transport {
    /** Pipeline name of the length prepender; {@link CoalescingWriter} writes pre-framed batches below it. */
    static final String LENGTH_PREPENDER = "length";
    private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

    private final TcpTransportConfig config;
    private final String cluster;
    private final UuidAddress self;
    private final InputErrors errors;
    private final ConnectionSecurity security;
    private final ConnectionIdentities identities;
    private final EventLoop loop;
    private final ChannelGroup channels;
    private final Map<UuidAddress, Peer> peers = new HashMap<>();
    private final Peer.Links links = new Links();
    private TransportListener listener;
    private boolean closed;
    private Channel server;
    private InetSocketAddress physical;
    private Handshakes handshakes;

    /**
     * A transport for {@code self} in {@code cluster} confined to {@code loop}, the member's event loop: its
     * frames are read, handled and written on that one thread. Nothing happens before {@link #start}.
     *
     * @param metrics where the count of connections closed for bad input goes
     *                ({@code xsite_transport_connections_rejected_total{reason}})
     */
    public TcpTransport(TcpTransportConfig config, String cluster, UuidAddress self, MeterRegistry metrics,
                        EventLoop loop) {
        this(config, cluster, self, metrics, loop, ConnectionIdentities.remoteAddress());
    }

    /**
     * As {@link #TcpTransport(TcpTransportConfig, String, UuidAddress, MeterRegistry, EventLoop)}, with
     * the identities of connections from {@code identities} (the remote IP address by default; the TLS
     * client certificate when connections are authenticated): a dial claiming a member whose connection is
     * active from another identity is refused and counted
     * ({@code xsite_transport_connections_rejected_total{reason="conflict"}}).
     */
    public TcpTransport(TcpTransportConfig config, String cluster, UuidAddress self, MeterRegistry metrics,
                        EventLoop loop, ConnectionIdentities identities) {
        this(config, cluster, self, metrics, loop, ConnectionSecurity.PLAIN, identities);
    }

    /**
     * As {@link #TcpTransport(TcpTransportConfig, String, UuidAddress, MeterRegistry, EventLoop,
     * ConnectionIdentities)}, with every connection, accepted or dialled, first secured by {@code security}
     * (TLS with the peer's certificate checked): the handshake of members starts only once the peer is
     * authenticated.
     */
    public TcpTransport(TcpTransportConfig config, String cluster, UuidAddress self, MeterRegistry metrics,
                        EventLoop loop, ConnectionSecurity security, ConnectionIdentities identities) {
        this.security = Objects.requireNonNull(security, "security");
        this.identities = Objects.requireNonNull(identities, "identities");
        this.loop = Objects.requireNonNull(loop, "loop");
        // The group's futures complete on the member's loop, where everything of this transport runs.
        this.channels = new DefaultChannelGroup("tcp-transport", loop);
        this.config = Objects.requireNonNull(config, "config");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.self = Objects.requireNonNull(self, "self");
        this.errors = new InputErrors(cluster, Objects.requireNonNull(metrics, "metrics"));
    }

    /**
     * Binds the listen socket and starts accepting members. Binding is synchronous, so this runs off the
     * event loop, once, before the member uses the transport there.
     */
    @Override
    public void start(TransportListener listener) {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("tcp transport of " + self + " in " + cluster
                    + " started on its event loop, where binding would wait for itself");
        }
        if (this.listener != null) {
            throw new IllegalStateException("tcp transport of " + self + " in " + cluster + " already started");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        // Accepting starts once the handshakes exist: they need the bound port, and a member dialling in
        // between (a joiner asking again) found none.
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(EventLoops.serverSocketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, FrameReads.ALLOCATOR)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        initPipeline(ch, handshakes.acceptor(), config.connectTimeout());
                        security.secureAccepted(ch);
                    }
                });
        server = bootstrap.bind(config.bind()).syncUninterruptibly().channel();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        physical = new InetSocketAddress(advertised(bound.getAddress()), bound.getPort());
        handshakes = new Handshakes(new Hello(cluster, self, physical, Hello.Role.DIAL), this::peerOf,
                () -> this.listener, errors, identities);
        server.config().setAutoRead(true);
        log.info("tcp transport of {} in cluster {} listening on {} (advertised {}, {})", self, cluster, bound, physical,
                security);
    }

    @Override
    public InetSocketAddress physicalAddress() {
        return physical;
    }

    @Override
    public void learn(UuidAddress member, InetSocketAddress physical) {
        assertOnLoop();
        if (physical != null && !member.equals(self) && !closed) {
            peerOf(member).learn(physical);
        }
    }

    @Override
    public void forget(UuidAddress member) {
        assertOnLoop();
        Peer peer = peers.remove(member);
        if (peer != null) {
            log.debug("forgetting {}", member);
            peer.forget();
        }
    }

    /** Reuses a connection to the member listening at {@code physical}, or asks with a short-lived one. */
    @Override
    public CompletionStage<UuidAddress> probe(InetSocketAddress physical) {
        assertOnLoop();
        for (Peer peer : peers.values()) {
            if (peer.connectedAt(physical)) {
                return CompletableFuture.completedFuture(peer.member());
            }
        }
        CompletableFuture<UuidAddress> identity = new CompletableFuture<>();
        connect(physical, handshakes.prober(identity), config.connectTimeout()).addListener(f -> {
            if (!f.isSuccess()) {
                identity.completeExceptionally(f.cause());
            }
        });
        return identity;
    }

    @Override
    public boolean send(UuidAddress to, ByteBuf frame) {
        Peer peer = peerFor(to, frame.readableBytes());
        if (peer == null) {
            frame.release();
            return false;
        }
        return peer.send(frame);
    }

    /** Encodes {@code frame} straight into the connection's write batch when called on its event loop. */
    @Override
    public boolean send(UuidAddress to, OutboundFrame frame) {
        Peer peer = peerFor(to, frame.size());
        return peer != null && peer.send(frame);
    }

    /** The peer a frame of {@code size} bytes to {@code to} goes to, or null when it cannot go anywhere. */
    private Peer peerFor(UuidAddress to, int size) {
        assertOnLoop();
        if (size > config.maxFrameBytes()) {
            log.debug("frame of {} B to {} is above maxFrameBytes {}; dropped", size, to, config.maxFrameBytes());
            return null;
        }
        return closed ? null : peers.get(to);
    }

    @Override
    public boolean isWritable(UuidAddress to) {
        assertOnLoop();
        Peer peer = peers.get(to);
        return peer != null && !closed && peer.isWritable();
    }

    @Override
    public Set<UuidAddress> connectedPeers() {
        assertOnLoop();
        return peers.values().stream().filter(Peer::isConnected).map(Peer::member).collect(Collectors.toUnmodifiableSet());
    }

    /** Open connections to members, handshaking ones included (two while a simultaneous dial settles). */
    public int openConnections() {
        assertOnLoop();
        return channels.size();
    }

    /**
     * Closes the listen socket and every connection. On the loop a channel closes at once (its socket is
     * closed before this returns), so nothing is waited for.
     */
    @Override
    public void close() {
        assertOnLoop();
        if (closed) {
            return;
        }
        closed = true;
        peers.values().forEach(Peer::forget);
        peers.clear();
        if (server != null) {
            server.close();
        }
        channels.close();
        log.info("tcp transport of {} in cluster {} closed", self, cluster);
    }

    private void assertOnLoop() {
        EventLoops.assertIn(loop, this);
    }

    @Override
    public String toString() {
        return "tcp transport of " + self + " in " + cluster;
    }

    private Peer peerOf(UuidAddress member) {
        return peers.computeIfAbsent(member, m -> new Peer(m, links));
    }

    /** Dials {@code remote}; the connection closes when no HELLO answers within {@code handshakeTimeout}. */
    private ChannelFuture connect(InetSocketAddress remote, HandshakeHandler.Side side, Duration handshakeTimeout) {
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, FrameReads.ALLOCATOR)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch, side, handshakeTimeout);
                        security.secureOpened(ch, remote.getHostString(), remote.getPort());
                    }
                });
        ChannelFuture connecting = bootstrap.connect(remote);
        channels.add(connecting.channel());
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                connecting.channel().close();
            }
        });
        return connecting;
    }

    private void initPipeline(SocketChannel ch, HandshakeHandler.Side side, Duration handshakeTimeout) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("framer", GossipFraming.frameDecoder(config.maxFrameBytes()));
        p.addLast(LENGTH_PREPENDER, new LengthFieldPrepender(GossipFraming.LENGTH_BYTES));
        p.addLast("bundling", new FlushConsolidationHandler(config.flushAfterFrames(), true));
        p.addLast("handshake", new HandshakeHandler(cluster, side, errors, handshakeTimeout));
    }

    private Duration dialAnswerTimeout() {
        Duration window = config.livenessWindow();
        return window.compareTo(config.connectTimeout()) > 0 ? window : config.connectTimeout();
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark());
    }

    private InetAddress advertised(InetAddress bound) {
        if (config.externalAddress() != null) {
            return config.externalAddress();
        }
        if (!bound.isAnyLocalAddress()) {
            return bound;
        }
        try {
            return InetAddress.getLocalHost(); // a wildcard is no address to dial; set externalAddress instead
        } catch (UnknownHostException e) {
            log.warn("cannot resolve the local host name; advertising loopback, set externalAddress", e);
            return InetAddress.getLoopbackAddress();
        }
    }

    /** What peers need from the transport; listener calls are dropped once closed. */
    private final class Links implements Peer.Links {
        @Override
        public ChannelFuture dial(Peer peer, InetSocketAddress remote) {
            log.debug("dialling {} at {}", peer.member(), remote);
            // The member answers a DIAL by making the connection its own and writing its frames after the
            // ACCEPT: closing the connection because that answer is late, as a loaded member's is, loses them.
            // So a dial waits for the answer as long as an active connection may stay silent.
            return connect(remote, handshakes.dialler(peer), dialAnswerTimeout());
        }

        @Override
        public Future<?> scheduleRedial(Runnable task, int failures) {
            long delay = ReconnectBackoff.delay(failures - 1, config.reconnectInitialDelay(),
                    config.reconnectMaxDelay(), ThreadLocalRandom.current()).toNanos();
            return loop.schedule(task, delay, TimeUnit.NANOSECONDS);
        }

        @Override
        public int pendingFrames() {
            return config.pendingFrames();
        }

        @Override
        public int writeBufferHighWaterMark() {
            return config.writeBufferHighWaterMark();
        }

        @Override
        public long livenessWindowNanos() {
            return config.livenessWindow().toNanos();
        }

        @Override
        public void connected(UuidAddress member) {
            if (!closed) {
                listener.onPeerConnected(member);
            }
        }

        @Override
        public void disconnected(UuidAddress member) {
            if (!closed) {
                listener.onPeerDisconnected(member);
            }
        }

        @Override
        public void refused(UuidAddress member) {
            if (!closed) {
                listener.onPeerRefused(member);
            }
        }

        @Override
        public void writable(UuidAddress member) {
            if (!closed) {
                listener.onWritable(member);
            }
        }
    }
}
