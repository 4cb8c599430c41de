package io.xsite.core.transport.memory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportListener;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One member's end of an {@link InMemoryNetwork}: a {@link Transport} whose frames travel through the
 * network's queue, with its losses, delays, partitions and crashes. {@link #learn} and {@link #forget}
 * change nothing: every member on the network is reachable by its logical address.
 *
 * <p>Threads: bound to a member's event loop ({@link InMemoryNetwork#transport(UuidAddress, EventLoop)}), it is
 * confined to it as the real transports are: calls are checked, and the listener hears everything there.
 * Without a loop, the listener is called on the network's thread (a manual network: the test's).
 */
public final class InMemoryTransport implements Transport {
    private final InMemoryNetwork network;
    private final UuidAddress member;
    private final InetSocketAddress physical;
    /** The member's loop, or null: the listener is called on the network's thread. */
    private final EventLoop loop;
    /** Set by start, read by the network's delivery thread. */
    private volatile TransportListener listener;

    InMemoryTransport(InMemoryNetwork network, UuidAddress member, InetSocketAddress physical, EventLoop loop) {
        this.network = network;
        this.member = member;
        this.physical = physical;
        this.loop = loop;
    }

    /** The member this transport belongs to. */
    public UuidAddress member() {
        return member;
    }

    @Override
    public void start(TransportListener listener) {
        this.listener = listener;
    }

    /** Whether {@link #start} ran: a transport that did not start hears nothing. */
    boolean started() {
        return listener != null;
    }

    /** Reports {@code event} to the listener: on the member's loop when bound to one, else at once. */
    void report(Consumer<TransportListener> event) {
        TransportListener started = listener;
        if (loop == null) {
            event.accept(started);
        } else {
            loop.execute(() -> event.accept(started));
        }
    }

    @Override
    public InetSocketAddress physicalAddress() {
        return physical;
    }

    @Override
    public void learn(UuidAddress member, InetSocketAddress physical) {
        assertOnLoop();
    }

    @Override
    public void forget(UuidAddress member) {
        assertOnLoop();
    }

    /** Completes with the member at {@code physical}, or fails with a {@link ConnectException}. */
    @Override
    public CompletionStage<UuidAddress> probe(InetSocketAddress physical) {
        assertOnLoop();
        UuidAddress found = network.memberAt(member, physical);
        return found != null ? CompletableFuture.completedFuture(found)
                : CompletableFuture.failedFuture(new ConnectException("no live member at " + physical + " on " + network));
    }

    /** Queues the frame on the network; false (released) when either end is crashed, closed or unknown. */
    @Override
    public boolean send(UuidAddress to, ByteBuf frame) {
        assertOnLoop();
        return network.send(member, to, frame);
    }

    @Override
    public boolean isWritable(UuidAddress to) {
        assertOnLoop();
        return network.reachable(member, to);
    }

    @Override
    public Set<UuidAddress> connectedPeers() {
        assertOnLoop();
        return network.connectedPeers(member);
    }

    /** Leaves the network: like {@link InMemoryNetwork#crash}, peers hear onPeerDisconnected. */
    @Override
    public void close() {
        assertOnLoop();
        network.crash(member);
    }

    @Override
    public String toString() {
        return "in-memory transport of " + member;
    }

    private void assertOnLoop() {
        if (loop != null) {
            EventLoops.assertIn(loop, this);
        }
    }
}
