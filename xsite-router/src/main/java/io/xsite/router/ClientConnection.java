package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.xsite.wire.gossip.MessageHeaderReader;
import io.netty.channel.ChannelOutboundBuffer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

/**
 * One client's TCP connection and what the router knows about it: who it is, the registrations it holds,
 * when it last sent anything, whether its outbound buffer is full.
 *
 * <p>Threads: the connection's own event loop reads its frames and runs its timers; any loop of the router may
 * write to it (a forwarded frame, a SUSPECT), which Netty hands over to the own loop. Its registrations are
 * guarded by the {@link RoutingTable}'s lock; what other loops read without it (closed, last heard) is volatile.
 */
final class ClientConnection {
    private final Channel channel;
    private final String peer;
    private final InetAddress sourceAddress;
    private final PendingFlushes flushes;
    /** Guarded by the routing table's lock. */
    private final List<Registration> registrations = new ArrayList<>(2);
    /** This client's MESSAGE headers: a member streaming to one peer repeats one. */
    private final MessageHeaderReader headers = new MessageHeaderReader();
    private ClientIdentity identity;
    private volatile long lastHeardNanos;
    /**
     * Whether it ever held a registration: from then on it may send frames up to maxFrameBytes. Set and read on
     * the own loop (a connection registers only through its own frames).
     */
    private boolean registeredOnce;
    /** Gone for routing: set by the routing table, read by every loop that forwards. */
    private volatile boolean closed;
    /** Closing on request: set on the own loop. */
    private volatile boolean closing;
    private volatile String closeReason = "closed by peer";
    private ScheduledFuture<?> slowReceiverTimer;
    private ScheduledFuture<?> firstFrameTimer;

    /**
     * A connection of {@code channel}, which must be connected (its remote address known); {@code flushes} are
     * those of the channel's event loop, for what this connection's frames make the router write.
     */
    ClientConnection(Channel channel, PendingFlushes flushes, long nowNanos) {
        this.channel = channel;
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        this.peer = String.valueOf(remote);
        this.sourceAddress = remote.getAddress();
        this.flushes = flushes;
        this.lastHeardNanos = nowNanos;
    }

    /** Who is behind this connection; null until the connection became active. */
    ClientIdentity identity() {
        return identity;
    }

    /** Sets the identity, once, when the connection becomes active (see {@link IdentityFactory}). */
    void identify(ClientIdentity identity) {
        if (this.identity != null) {
            throw new IllegalStateException("connection " + peer + " already has identity " + this.identity);
        }
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** The source IP address, what maxConnectionsPerAddress counts by. */
    InetAddress sourceAddress() {
        return sourceAddress;
    }

    /** Whether it ever held a registration (only such connections may send frames above maxControlFrameBytes). */
    boolean registeredOnce() {
        return registeredOnce;
    }

    void onRegistered() {
        registeredOnce = true;
    }

    /** Reads the headers of this client's frames; on the connection's own loop. */
    MessageHeaderReader headers() {
        return headers;
    }

    /** The peer socket address as text, for logs and the admin endpoint. */
    String peer() {
        return peer;
    }

    Channel channel() {
        return channel;
    }

    /** The registrations it holds; only under the routing table's lock. */
    List<Registration> registrations() {
        return registrations;
    }

    /** The pending flushes of this connection's event loop: where writes caused by its frames are flushed. */
    PendingFlushes flushes() {
        return flushes;
    }

    void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    long silentNanos(long nowNanos) {
        return nowNanos - lastHeardNanos;
    }

    /**
     * Queues {@code frame} for this client unless its outbound buffer is above the high water mark; takes
     * ownership of {@code frame}. {@code flushes} are those of the calling event loop, which flushes them once
     * per batch of reads, so a burst of forwarded frames costs one syscall per receiver. Called on any of the
     * router's loops: a write from another loop is queued for this client's loop, in the order written, and counts
     * against the high water mark at once.
     *
     * @return false if the frame was dropped because the client is not keeping up
     */
    boolean send(ByteBuf frame, PendingFlushes flushes) {
        if (isClosed() || !channel.isWritable()) {
            frame.release();
            return false;
        }
        write(frame, flushes);
        return true;
    }

    /**
     * Queues {@code frame} even above the high water mark, for the rest of an answer whose start found the
     * client writable (an answer is sent whole or not at all); takes ownership of {@code frame}.
     */
    void write(ByteBuf frame, PendingFlushes flushes) {
        if (isClosed()) {
            frame.release();
            return;
        }
        channel.write(frame, channel.voidPromise());
        flushes.add(this);
    }

    /** Flushes the socket; from another loop, Netty queues the flush behind the writes handed over before it. */
    void flush() {
        channel.flush();
    }

    long pendingOutboundBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Whether the router has closed, or started to close, this connection: its frames are ignored. */
    boolean isClosed() {
        return closed || closing;
    }

    /** Marks this connection as gone for routing; returns false if it already was. Under the table's lock. */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /**
     * Writes {@code lastFrame} (takes ownership) and closes: the frame is flushed into the socket first, so a
     * client that reads gets it before the end of the stream.
     */
    void closeAfter(ByteBuf lastFrame, String reason) {
        if (isClosed()) {
            lastFrame.release();
            return;
        }
        channel.writeAndFlush(lastFrame, channel.voidPromise());
        close(reason);
    }

    /**
     * Closes the socket; {@code reason} names why in the log lines the close produces. From another loop, the
     * close is handed to the connection's own.
     */
    void close(String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> close(reason));
            return;
        }
        if (!closing) {
            closing = true;
            closeReason = reason;
            channel.close();
        }
    }

    String closeReason() {
        return closeReason;
    }

    /** Starts the timer that closes this connection unless a first complete frame arrives in time; own loop. */
    void startFirstFrameTimer(ScheduledFuture<?> timer) {
        firstFrameTimer = timer;
    }

    /** Stops the first-frame timer if it still runs: a complete frame arrived, or the connection closed; own loop. */
    void stopFirstFrameTimer() {
        if (firstFrameTimer != null) {
            firstFrameTimer.cancel(false);
            firstFrameTimer = null;
        }
    }

    boolean hasSlowReceiverTimer() {
        return slowReceiverTimer != null;
    }

    void startSlowReceiverTimer(ScheduledFuture<?> timer) {
        slowReceiverTimer = timer;
    }

    void stopSlowReceiverTimer() {
        if (slowReceiverTimer != null) {
            slowReceiverTimer.cancel(false);
            slowReceiverTimer = null;
        }
    }

    @Override
    public String toString() {
        return peer;
    }
}
