package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.xsite.core.gossip.MessageHeaderReader;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One client's TCP connection and what the router knows about it: the registrations it holds, when it
 * last sent anything, whether its outbound buffer is full. Confined to the router's event loop.
 */
final class ClientConnection {
    private final Channel channel;
    private final String peer;
    private final PendingFlushes flushes;
    private final List<Registration> registrations = new ArrayList<>(2);
    /** This client's MESSAGE headers: a member streaming to one peer repeats one. */
    private final MessageHeaderReader headers = new MessageHeaderReader();
    private long lastHeardNanos;
    private boolean flushPending;
    private boolean closed;
    private boolean closing;
    private String closeReason = "closed by peer";
    private ScheduledFuture<?> slowReceiverTimer;

    ClientConnection(Channel channel, PendingFlushes flushes, long nowNanos) {
        this.channel = channel;
        this.peer = String.valueOf(channel.remoteAddress());
        this.flushes = flushes;
        this.lastHeardNanos = nowNanos;
    }

    /** Reads the headers of this client's frames; on the router's event loop. */
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

    List<Registration> registrations() {
        return registrations;
    }

    void heard(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    long silentNanos(long nowNanos) {
        return nowNanos - lastHeardNanos;
    }

    /**
     * Queues {@code frame} for this client unless its outbound buffer is above the high water mark;
     * takes ownership of {@code frame}. The write is flushed by {@link PendingFlushes#flushAll()}, once
     * per batch of reads, so a burst of forwarded frames costs one syscall per receiver.
     *
     * @return false if the frame was dropped because the client is not keeping up
     */
    boolean send(ByteBuf frame) {
        if (isClosed() || !channel.isWritable()) {
            frame.release();
            return false;
        }
        channel.write(frame, channel.voidPromise());
        if (!flushPending) {
            flushPending = true;
            flushes.add(this);
        }
        return true;
    }

    void flush() {
        flushPending = false;
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

    /** Marks this connection as gone for routing; returns false if it already was. */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        stopSlowReceiverTimer();
        return true;
    }

    /** Closes the socket; {@code reason} names why in the log lines the close produces. */
    void close(String reason) {
        if (!closing) {
            closing = true;
            closeReason = reason;
            channel.close();
        }
    }

    String closeReason() {
        return closeReason;
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
