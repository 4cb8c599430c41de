package io.xsite.core.transport;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Moves frames between the members of one cluster: {@code tcp} (a connection per pair of members),
 * {@code tunnel} (through gossip routers) or, in tests, an in-memory network. A frame is one
 * {@link io.xsite.core.frame.FrameEnvelope} plus body, without a length prefix; framing is the
 * transport's. Delivery is best effort and FIFO per sender while a connection lasts; reliability
 * (retransmission, duplicate suppression) is the job of the layer above.
 *
 * <p>Threads: a transport is confined to its member's event loop (the one its {@code MemberExecutor}
 * runs on), like the protocol that uses it. {@link #start} runs once, before the member uses the
 * transport on that loop; {@link #physicalAddress} may be read from any thread once started; every other
 * method is called on the loop, and implementations check it (an {@link IllegalStateException} names the
 * thread). The transport registers its connections on the same loop, so their I/O, timers and the
 * {@link TransportListener} callbacks run there too, and its state needs no locks. No method blocks on
 * the network.
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts listening/connecting; frames and peer events go to {@code listener}. Called once, before the
     * member uses the transport on its loop (tcp binds synchronously, so not on an event loop).
     */
    void start(TransportListener listener);

    /**
     * Where other members reach this one (tcp: the bound listen address; tunnel: the advertised physical).
     * Fixed once {@link #start} returned; any thread.
     */
    InetSocketAddress physicalAddress();

    /**
     * Records where {@code member} listens (from discovery or a view) and makes it a known peer, so that
     * {@link #send} to it is attempted. {@code physical} may be null where the transport needs none
     * (tunnel, in-memory); tcp ignores a null physical for a member it does not know yet.
     */
    void learn(UuidAddress member, InetSocketAddress physical);

    /**
     * Drops what the transport knows about {@code member} (it left the view): pending frames are released,
     * reconnect attempts stop and its connection closes. A later {@link #learn} or an incoming connection
     * makes it known again.
     */
    void forget(UuidAddress member);

    /**
     * Connects to {@code physical} (found by discovery) and completes with the identity of the member
     * there (tcp: from the connection handshake). Fails with a {@link java.net.ConnectException} (or a
     * subclass) if nothing answers, or with {@link UnsupportedOperationException} where the transport
     * cannot tell (tunnel: router discovery yields logical addresses).
     */
    CompletionStage<UuidAddress> probe(InetSocketAddress physical);

    /**
     * Sends one frame to {@code to}. Takes ownership of {@code frame}. Returns false (and releases it)
     * when it cannot be queued now: the peer is unknown or unreachable, or its bounded outbound queue is
     * full (backpressure: {@link TransportListener#onWritable} follows when room is back).
     */
    boolean send(UuidAddress to, ByteBuf frame);

    /**
     * As {@link #send(UuidAddress, ByteBuf)} for a frame not encoded yet: a transport that batches its
     * writes encodes it in place; by default it is encoded into a buffer of its own.
     */
    default boolean send(UuidAddress to, OutboundFrame frame) {
        return send(to, frame.toBuffer());
    }

    /** Whether a {@link #send} to {@code to} would be queued now. */
    boolean isWritable(UuidAddress to);

    /** The peers with a connection that is up now (tcp: handshake done; tunnel: seen since the last loss). */
    Set<UuidAddress> connectedPeers();

    /** Closes every connection and releases every queued frame; the listener hears nothing more once it returns. */
    @Override
    void close();

    /**
     * Closes as a crash would: no goodbye to anybody (a tunnel does not unregister from its routers, so they
     * report the member suspected to the others at once, as when its process dies). For tests and
     * benchmarks that crash a member inside a JVM. By default the same as {@link #close()}.
     */
    default void abort() {
        close();
    }
}
