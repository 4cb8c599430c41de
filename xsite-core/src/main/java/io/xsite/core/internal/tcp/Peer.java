package io.xsite.core.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.CoalescingWriter;
import io.xsite.core.transport.OutboundFrame;
import io.xsite.net.loop.SocketFailures;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link TcpTransport} knows about one member: where it listens, the one connection frames to it
 * use ({@code active}), the dial in progress and the frames waiting for it, and the redial backoff.
 *
 * <p>Confined to the member's event loop, like its {@link TcpTransport}: sends, the connections' events
 * and the redial timer all run there. Frames stay in order: they either wait in {@code pending}, which is
 * written to a new connection before it becomes {@code active}, or go to the active channel directly.
 */
final class Peer {
    private static final Logger log = LoggerFactory.getLogger(Peer.class);

    /** The transport services a peer uses. */
    interface Links {
        /** Starts connecting to {@code physical} for {@code peer}; returns the connection attempt. */
        ChannelFuture dial(Peer peer, InetSocketAddress physical);

        /** Runs {@code task} after the redial delay for {@code failures} failed dials in a row. */
        Future<?> scheduleRedial(Runnable task, int failures);

        /** Most frames waiting for a dial. */
        int pendingFrames();

        /** Most bytes queued for a connection before sends are refused (its write-buffer high-water mark). */
        int writeBufferHighWaterMark();

        /** How recently a connection must have carried a frame to count as active (see {@link #onDial}). */
        long livenessWindowNanos();

        /** Reports that a connection to {@code member} is up. */
        void connected(UuidAddress member);

        /** Reports that the connection to {@code member} was lost. */
        void disconnected(UuidAddress member);

        /** Reports that a dial to {@code member} was refused (nothing listens at its address). */
        void refused(UuidAddress member);

        /** Reports room to send to {@code member} again. */
        void writable(UuidAddress member);
    }

    private final UuidAddress member;
    private final Links links;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private InetSocketAddress physical;
    private Channel active;
    /** Batches the writes to {@code active}; replaced with it. */
    private CoalescingWriter activeWriter;
    /** Who is at the other end of {@code active} ({@link ConnectionIdentities}). */
    private Object activeIdentity;
    /** The frame handler of {@code active}: when it last carried frames. */
    private FrameHandler activeFrames;
    private boolean activeDialledHere;
    private Channel dialling;
    private Future<?> redial;
    private int failures;
    private boolean refusedSend;
    private boolean forgotten;

    Peer(UuidAddress member, Links links) {
        this.member = member;
        this.links = links;
    }

    UuidAddress member() {
        return member;
    }

    /** Records where the member listens, unless known already (the first source is kept). */
    void learn(InetSocketAddress listen) {
        if (physical == null && listen != null) {
            physical = listen;
        }
    }

    /** Whether the member has a connection up and listens at {@code listen}. */
    boolean connectedAt(InetSocketAddress listen) {
        return active != null && listen.equals(physical);
    }

    boolean isConnected() {
        return active != null;
    }

    /** Whether {@link #send} would take a frame now. */
    boolean isWritable() {
        if (active != null) {
            return active.isWritable() && activeWriter.hasRoom();
        }
        return !forgotten && physical != null && pending.size() < links.pendingFrames();
    }

    /** Writes {@code frame} or queues it while dialling; takes ownership. False (released) when it cannot. */
    boolean send(ByteBuf frame) {
        if (active != null) {
            if (!active.isWritable() || !activeWriter.write(frame)) {
                frame.release();
                return false;
            }
            return true;
        }
        if (forgotten || physical == null || pending.size() >= links.pendingFrames()) {
            refusedSend = physical != null && !forgotten;
            frame.release();
            return false;
        }
        pending.add(frame);
        if (dialling == null && redial == null) {
            dialNow();
        }
        return true;
    }

    /** As {@link #send(ByteBuf)}; on an active connection the frame is encoded straight into its write batch. */
    boolean send(OutboundFrame frame) {
        if (active != null) {
            return active.isWritable() && activeWriter.write(frame);
        }
        return send(frame.toBuffer());
    }

    /** What {@link #onDial} decided. */
    enum Dial {
        /** The newcomer is the member's connection now. */
        ACCEPTED,
        /** Refused: we are the smaller address and our own dial wins, or the member is forgotten. */
        REFUSED,
        /** Refused: the member has an active connection of another identity. */
        CONFLICT
    }

    /**
     * Decides on a DIAL from the member (we accept). A connection that carried frames within the liveness
     * window stays unless the newcomer has its identity: a dial claiming the member's address from
     * elsewhere never takes its connection over (a silent connection, likely half-open, is closed in
     * favour of the newcomer). The smaller address's dial wins a simultaneous dial, so when we are the
     * smaller and have our own connection dialling or up, the newcomer is refused (the peer then gets
     * ours). Otherwise the newcomer is our connection from now on.
     *
     * @param identity the newcomer's identity ({@link ConnectionIdentities})
     * @param frames   the newcomer's frame handler, not yet in its pipeline
     * @return {@link Dial#ACCEPTED} when {@code channel} is active now (and {@code pending} written to it)
     */
    Dial onDial(Channel channel, Object identity, FrameHandler frames, boolean weAreSmaller, Runnable writeAccept) {
        if (active != null && !identity.equals(activeIdentity)
                && activeFrames.heardWithin(links.livenessWindowNanos())) {
            return Dial.CONFLICT;
        }
        boolean ownDial = dialling != null || (active != null && activeDialledHere);
        if (forgotten || (weAreSmaller && ownDial)) {
            return Dial.REFUSED;
        }
        if (active != null && !identity.equals(activeIdentity)) {
            log.info("connection to {} from {} silent; replaced by a dial from {}", member, activeIdentity,
                    identity);
        }
        writeAccept.run(); // the ACCEPT must precede the frames that activation writes
        boolean wasConnected = active != null;
        announce(wasConnected, activate(channel, identity, frames, false));
        return Dial.ACCEPTED;
    }

    /** Our dial {@code channel} was accepted by the member: it becomes our connection. */
    void onAccepted(Channel channel, Object identity, FrameHandler frames) {
        if (forgotten) {
            channel.close();
            return;
        }
        boolean wasConnected = active != null;
        announce(wasConnected, activate(channel, identity, frames, true));
    }

    /** {@code channel}, dialled or accepted for this member, closed. */
    void onClosed(Channel channel) {
        if (channel == dialling) {
            dialling = null;
            failures++;
            if (!pending.isEmpty() && !forgotten) {
                redial = links.scheduleRedial(this::redialNow, failures);
            }
        } else if (channel == active) {
            active = null;
            activeWriter = null;
            activeIdentity = null;
            activeFrames = null;
            if (!forgotten) {
                log.info("connection to {} lost", member);
                links.disconnected(member);
            }
        }
    }

    /** The active {@code channel} drained below the low-water mark. */
    void onWritable(Channel channel) {
        if (channel == active && !forgotten) {
            links.writable(member);
        }
    }

    /** Stops dialling, releases pending frames and closes the connections (the member left or we close). */
    void forget() {
        forgotten = true;
        if (redial != null) {
            redial.cancel(false);
            redial = null;
        }
        releasePending();
        if (dialling != null) {
            dialling.close();
        }
        if (active != null) {
            closeAfterWrites(active);
        }
    }

    private void dialNow() {
        ChannelFuture connecting = links.dial(this, physical);
        Channel channel = connecting.channel();
        dialling = channel;
        // Registered after the assignment: a channel that failed at once still counts as this dial failing.
        channel.closeFuture().addListener(f -> onClosed(channel));
        connecting.addListener(f -> {
            if (!f.isSuccess() && SocketFailures.isConnectionRefused(f.cause())) {
                log.debug("dial of {} at {} refused", member, physical);
                links.refused(member);
            }
        });
    }

    private void redialNow() {
        redial = null;
        if (!forgotten && active == null && dialling == null && !pending.isEmpty()) {
            log.debug("redialling {} at {} after {} failure(s)", member, physical, failures);
            dialNow();
        }
    }

    /** Makes {@code channel} the connection; returns whether a refused sender should hear onWritable. */
    private boolean activate(Channel channel, Object identity, FrameHandler frames, boolean dialledHere) {
        Channel previous = active;
        active = channel;
        activeIdentity = identity;
        activeFrames = frames;
        activeWriter = new CoalescingWriter(channel, TcpTransport.LENGTH_PREPENDER, links.writeBufferHighWaterMark(),
                () -> onWritable(channel));
        activeDialledHere = dialledHere;
        if (channel == dialling) {
            dialling = null;
        }
        failures = 0;
        if (redial != null) {
            redial.cancel(false);
            redial = null;
        }
        for (ByteBuf frame; (frame = pending.poll()) != null; ) {
            channel.write(frame, channel.voidPromise());
        }
        channel.flush();
        if (previous != null && previous != channel) {
            // The member replaced a connection it considers dead; frames already on the old one still arrive.
            closeAfterWrites(previous);
        }
        boolean writableAgain = refusedSend;
        refusedSend = false;
        return writableAgain;
    }

    private void announce(boolean wasConnected, boolean writableAgain) {
        if (!wasConnected) {
            log.info("connected to {}", member);
            links.connected(member);
        }
        if (writableAgain) {
            links.writable(member);
        }
    }

    private void releasePending() {
        for (ByteBuf frame; (frame = pending.poll()) != null; ) {
            frame.release();
        }
    }

    /**
     * Closes {@code channel} after the frames already written to it reached the socket. The empty buffer
     * that marks that moment is written below the length prepender (from the first handler towards the
     * socket), so it adds no bytes: through the prepender it would reach the peer as an empty frame.
     */
    private static void closeAfterWrites(Channel channel) {
        channel.pipeline().firstContext().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
