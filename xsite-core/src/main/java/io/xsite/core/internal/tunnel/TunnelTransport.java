package io.xsite.core.internal.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.OutboundFrame;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportListener;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tunnel} transport: frames travel as MESSAGEs through gossip routers, on a
 * {@link RouterClient} registered in the group named after the cluster with the member's logical
 * address. Routers give no connection per peer, so a peer counts as connected from its first frame until
 * a router suspects it or every router is down.
 *
 * <p>Known peers: {@link #send} goes only to members made known by {@link #learn} (the physical address
 * may be null: routers route by logical address) or heard from. Backpressure: frames in buffers of their
 * own are copied into MESSAGEs that the client routes (to the next router when a write fails), and their
 * bytes not yet written are bounded by half the client's write-buffer high-water mark; frames encoded in
 * place go into the router connection's write batch, bounded by the high-water mark. Above either bound
 * {@link #send} returns false and {@link TransportListener#onWritable} follows once the bytes are out.
 *
 * <p>Threads: confined to the member's event loop, which also runs the router connections and their
 * callbacks: every method but {@link #start}, {@link #physicalAddress} and {@link #connectedRouters}
 * runs there and checks it, and the peer sets need no locks.
 */
public final class TunnelTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(TunnelTransport.class);

    private final RouterClientConfig config;
    private final UuidAddress self;
    /** The member's event loop: the router connections, their callbacks and every call run there. */
    private final EventLoop loop;
    private final Set<UuidAddress> known = new HashSet<>();
    private final Set<UuidAddress> seen = new HashSet<>();
    /** Peers a send to which was refused: they hear onWritable when a connection has room again. */
    private final Set<UuidAddress> refused = new HashSet<>();
    private final Set<InetSocketAddress> upRouters = new HashSet<>();
    /** Bytes of frames handed to the client in MESSAGEs of their own and not yet written. */
    private final long maxQueuedBytes;
    private long queuedBytes;
    private TransportListener listener;
    private RouterClient client;
    private boolean closed;

    /**
     * A transport for {@code config.self()} (a {@link UuidAddress}) in the cluster {@code config.group()},
     * confined to {@code loop}, the member's event loop: the router connections are registered there, so a
     * frame from a router reaches the member's protocol on the thread that read it. Nothing happens before
     * {@link #start}.
     */
    public TunnelTransport(RouterClientConfig config, EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.config = Objects.requireNonNull(config, "config");
        if (!(config.self() instanceof UuidAddress member)) {
            throw new IllegalArgumentException("a tunnel member needs a UuidAddress, got " + config.self());
        }
        this.self = member;
        this.maxQueuedBytes = config.writeBufferHighWaterMark() / 2;
    }

    /** Starts connecting to the routers (on the loop; this returns at once). Called once, from any thread. */
    @Override
    public void start(TransportListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException(this + " already started");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        client = RouterClient.startOn(loop, config, new Events());
    }

    /** The physical address advertised in REGISTER, or loopback port 0 when none is configured (routers need none). */
    @Override
    public InetSocketAddress physicalAddress() {
        if (config.physical() == null || config.physical().ip() == null) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        }
        return new InetSocketAddress(config.physical().ip(), config.physical().port());
    }

    /** Makes {@code member} a known peer; {@code physical} is ignored (routers route by logical address). */
    @Override
    public void learn(UuidAddress member, InetSocketAddress physical) {
        assertOnLoop();
        if (!member.equals(self)) {
            known.add(member);
        }
    }

    @Override
    public void forget(UuidAddress member) {
        assertOnLoop();
        known.remove(member);
        seen.remove(member);
        refused.remove(member);
    }

    /** Always fails: router discovery yields logical addresses, so tunnels never probe physical ones. */
    @Override
    public CompletionStage<UuidAddress> probe(InetSocketAddress physical) {
        assertOnLoop();
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "the tunnel transport cannot probe " + physical + ": members are found through the routers"));
    }

    /** Copies the frame into a MESSAGE for {@code to} and releases it; false when no router is up. */
    @Override
    public boolean send(UuidAddress to, ByteBuf frame) {
        try {
            int size = frame.readableBytes();
            if (!admits(to, size)) {
                return false;
            }
            byte[] payload = ByteBufUtil.getBytes(frame);
            queuedBytes += size;
            // Completes on the loop: when a router's connection took the bytes, or no router could.
            client.send(to, payload).whenComplete((ok, failure) -> onWritten(to, size, failure));
            return true;
        } finally {
            frame.release();
        }
    }

    /**
     * Encodes the frame straight into a MESSAGE in the router connection's write batch. A frame whose write
     * fails is not tried on another router: the reliable layer above resends it.
     */
    @Override
    public boolean send(UuidAddress to, OutboundFrame frame) {
        if (!admits(to, frame.size())) {
            return false;
        }
        if (!client.sendInPlace(to, frame)) {
            refused.add(to);
            return false;
        }
        return true;
    }

    /**
     * Whether a frame of {@code size} bytes to {@code to} may go to the client now: the peer is known, a
     * router is up, and the bytes not yet written leave room (else {@code to} hears onWritable later).
     */
    private boolean admits(UuidAddress to, int size) {
        assertOnLoop();
        if (closed || client == null || !known.contains(to) || upRouters.isEmpty()) {
            return false;
        }
        if (queuedBytes + size > maxQueuedBytes && queuedBytes > 0) {
            refused.add(to);
            return false;
        }
        return true;
    }

    /**
     * The routers this transport is connected to now. Any thread: off the loop the answer is fetched
     * there ({@link RouterClient#connectedRouters}).
     */
    public Set<InetSocketAddress> connectedRouters() {
        RouterClient started = client;
        return started == null ? Set.of() : Set.copyOf(started.connectedRouters());
    }

    @Override
    public boolean isWritable(UuidAddress to) {
        assertOnLoop();
        return !closed && client != null && known.contains(to) && !upRouters.isEmpty()
                && queuedBytes < maxQueuedBytes;
    }

    @Override
    public Set<UuidAddress> connectedPeers() {
        assertOnLoop();
        return Set.copyOf(seen);
    }

    /** Unregisters from every router and closes the connections. */
    @Override
    public void close() {
        stop(RouterClient::close);
    }

    /** Closes the connections without unregistering: the routers suspect this member to the others at once. */
    @Override
    public void abort() {
        stop(RouterClient::abort);
    }

    @Override
    public String toString() {
        return "tunnel transport of " + self + " in " + config.group();
    }

    private void stop(Consumer<RouterClient> closing) {
        assertOnLoop();
        closed = true;
        if (client != null) {
            closing.accept(client);
        }
    }

    private void assertOnLoop() {
        EventLoops.assertIn(loop, this);
    }

    private void onWritten(UuidAddress to, int size, Throwable failure) {
        queuedBytes -= size;
        if (failure != null) {
            log.debug("frame of {} B to {} in {} not sent: {}", size, to, config.group(), failure.toString());
        }
        if (queuedBytes <= maxQueuedBytes / 2) {
            wakeRefused();
        }
    }

    /** Tells the peers whose frames were refused that they may send again. */
    private void wakeRefused() {
        if (refused.isEmpty() || closed) {
            return;
        }
        List<UuidAddress> waking = List.copyOf(refused);
        refused.clear();
        waking.forEach(listener::onWritable);
    }

    private void lost(UuidAddress peer) {
        if (seen.remove(peer) && !closed) {
            listener.onPeerDisconnected(peer);
        }
    }

    /** The router client's reports, on the member's loop. */
    private final class Events implements RouterListener {
        @Override
        public void onMessage(Address sender, Address destination, byte[] payload) {
            onMessage(sender, destination, Unpooled.wrappedBuffer(payload));
        }

        /** Hands the payload (ownership included) to the member as a frame, without copying it. */
        @Override
        public void onMessage(Address sender, Address destination, ByteBuf payload) {
            if (closed || !(sender instanceof UuidAddress peer)) {
                payload.release();
                return;
            }
            known.add(peer);
            if (seen.add(peer)) {
                listener.onPeerConnected(peer);
            }
            listener.onFrame(peer, payload);
        }

        @Override
        public void onSuspect(Address member) {
            if (member instanceof UuidAddress peer) {
                lost(peer);
            }
        }

        @Override
        public void onWritable() {
            wakeRefused();
        }

        @Override
        public void onRouterUp(InetSocketAddress router) {
            upRouters.add(router);
            // A refusal that a lost connection never resolved (its writer and queued bytes went with it):
            // the new connection has room.
            wakeRefused();
        }

        @Override
        public void onRouterDown(InetSocketAddress router) {
            upRouters.remove(router);
            if (upRouters.isEmpty()) {
                // No router left: every peer is out of reach until one comes back.
                List.copyOf(seen).forEach(TunnelTransport.this::lost);
            }
        }
    }
}
