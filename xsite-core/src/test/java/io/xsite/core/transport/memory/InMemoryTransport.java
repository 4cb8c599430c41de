package io.xsite.core.transport.memory;

import io.netty.buffer.ByteBuf;
import io.xsite.core.address.UuidAddress;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportListener;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One member's end of an {@link InMemoryNetwork}: a {@link Transport} whose frames travel through the
 * network's queue, with its losses, delays, partitions and crashes. {@link #learn} and {@link #forget}
 * change nothing: every member on the network is reachable by its logical address.
 */
public final class InMemoryTransport implements Transport {
    private final InMemoryNetwork network;
    private final UuidAddress member;
    private final InetSocketAddress physical;
    private volatile TransportListener listener;

    InMemoryTransport(InMemoryNetwork network, UuidAddress member, InetSocketAddress physical) {
        this.network = network;
        this.member = member;
        this.physical = physical;
    }

    /** The member this transport belongs to. */
    public UuidAddress member() {
        return member;
    }

    @Override
    public void start(TransportListener listener) {
        this.listener = listener;
    }

    /** The listener, or null before {@link #start}. */
    TransportListener listener() {
        return listener;
    }

    @Override
    public InetSocketAddress physicalAddress() {
        return physical;
    }

    @Override
    public void learn(UuidAddress member, InetSocketAddress physical) {
    }

    @Override
    public void forget(UuidAddress member) {
    }

    /** Completes with the member at {@code physical}, or fails with a {@link ConnectException}. */
    @Override
    public CompletionStage<UuidAddress> probe(InetSocketAddress physical) {
        UuidAddress found = network.memberAt(member, physical);
        return found != null ? CompletableFuture.completedFuture(found)
                : CompletableFuture.failedFuture(new ConnectException("no live member at " + physical + " on " + network));
    }

    /** Queues the frame on the network; false (released) when either end is crashed, closed or unknown. */
    @Override
    public boolean send(UuidAddress to, ByteBuf frame) {
        return network.send(member, to, frame);
    }

    @Override
    public boolean isWritable(UuidAddress to) {
        return network.reachable(member, to);
    }

    @Override
    public Set<UuidAddress> connectedPeers() {
        return network.connectedPeers(member);
    }

    /** Leaves the network: like {@link InMemoryNetwork#crash}, peers hear onPeerDisconnected. */
    @Override
    public void close() {
        network.crash(member);
    }
}
