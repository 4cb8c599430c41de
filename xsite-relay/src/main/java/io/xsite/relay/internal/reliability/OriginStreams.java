package io.xsite.relay.internal.reliability;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.ReliabilityConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin member's side of end-to-end reliability: one stream per destination, each keeping every
 * element until a cumulative acknowledgement covers it and resending what is unacknowledged after a
 * change of path and on a timeout with backoff. A plain state machine: confined to one thread (the
 * relay node's), time from an injected clock, output through {@link OriginOutput}.
 *
 * <p>Each stream gets a fresh epoch when it is opened: the first send to a destination, and the first
 * after the stream was given up ({@link #onUnreachable}, {@link #onForgotten}). Receivers start over on a new
 * epoch.
 */
public final class OriginStreams {
    private static final Logger LOG = LoggerFactory.getLogger(OriginStreams.class);

    private final ReliabilityConfig config;
    private final UuidAddress self;
    private final OriginOutput out;
    private final LongSupplier nanoClock;
    private final OriginEpochs epochs;
    private final Map<Destination, OriginStream> streams = new HashMap<>();
    private long resent;

    /**
     * @param config    buffer bounds and resend timeouts
     * @param self      the origin's address, carried by every element
     * @param out       where elements and room go
     * @param nanoClock monotonic time in nanoseconds
     * @param random    picks this incarnation's epochs
     */
    public OriginStreams(ReliabilityConfig config, UuidAddress self, OriginOutput out, LongSupplier nanoClock,
                         RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.self = Objects.requireNonNull(self, "self");
        this.out = Objects.requireNonNull(out, "out");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.epochs = new OriginEpochs(Objects.requireNonNull(random, "random"));
    }

    /**
     * Sends {@code body} on the stream to {@code to}, opening the stream if needed. The body is held
     * until acknowledged; the caller must not change it.
     *
     * @return false when the unacknowledged buffer to {@code to} is full; {@link OriginOutput#windowOpened}
     *         follows once there is room
     * @throws IllegalArgumentException if {@code body} is larger than the whole buffer
     */
    public boolean send(Destination to, Body body) {
        Objects.requireNonNull(to, "to");
        if (body.length() > config.bufferBytes()) {
            throw new IllegalArgumentException("body of " + body.length() + " bytes exceeds the buffer of "
                    + config.bufferBytes());
        }
        OriginStream stream = streams.get(to);
        if (stream == null) {
            stream = new OriginStream(self, to, epochs.next(), config);
            streams.put(to, stream);
            LOG.debug("stream to {} opened, epoch {}", to, stream.epoch());
        }
        return stream.send(body, nanoClock.getAsLong(), out);
    }

    /**
     * A cumulative acknowledgement from {@code from} (the member, or the destination site's site
     * master): everything up to {@code seq} of the stream {@code dest}/{@code epoch} arrived. One for a
     * retired epoch or beyond what was sent is ignored.
     */
    public void onAck(UuidAddress from, Destination dest, long epoch, long seq) {
        OriginStream stream = streams.get(dest);
        if (stream == null || stream.epoch() != epoch) {
            LOG.trace("ack from {} for {} epoch {} seq {} matches no stream", from, dest, epoch, seq);
            return;
        }
        stream.onAck(seq, out);
    }

    /**
     * Whether a stream to {@code to} is open or may be opened: at most
     * {@link ReliabilityConfig#rememberedStreams()} are kept (a reply opens one to whoever asked, so others
     * decide how many), and to make room the streams that hold nothing are forgotten: the next send to their
     * destination opens a new epoch, where a receiver starts over. False when every stream holds elements.
     */
    public boolean mayOpen(Destination to) {
        if (streams.size() < config.rememberedStreams() || streams.containsKey(to)) {
            return true;
        }
        streams.values().removeIf(stream -> stream.pending() == 0 && !stream.refused());
        return streams.size() < config.rememberedStreams();
    }

    /** The destinations with an open stream. */
    public Set<Destination> destinations() {
        return Set.copyOf(streams.keySet());
    }

    /** The path to the destinations changed: resends everything unacknowledged, to every destination, now. */
    public void onPathChanged() {
        long now = nanoClock.getAsLong();
        int count = 0;
        for (OriginStream stream : streams.values()) {
            count += stream.resendAll(now, out);
        }
        resent += count;
        if (count > 0) {
            LOG.debug("path changed: resent {} unacknowledged elements", count);
        }
    }

    /**
     * Gives up the stream to {@code to} (its destination is unreachable) and returns its unacknowledged bodies,
     * oldest first, which may or may not have arrived; the next send opens a new stream (new epoch). A sender
     * waiting for room hears of it now.
     */
    public List<Body> onUnreachable(Destination to) {
        OriginStream stream = streams.remove(to);
        if (stream == null) {
            return List.of();
        }
        List<Body> bodies = stream.unacknowledged();
        LOG.debug("stream to {} epoch {} given up with {} unacknowledged", to, stream.epoch(), bodies.size());
        if (stream.refused()) {
            out.windowOpened(to);
        }
        return bodies;
    }

    /**
     * The receiver of the stream to {@code to} refused its {@code epoch} ({@link DestinationOutput#forgotten}):
     * when that is the stream's current epoch it is given up as by {@link #onUnreachable}, else (a later epoch
     * is open already) nothing happens and nothing is returned.
     */
    public List<Body> onForgotten(Destination to, long epoch) {
        OriginStream stream = streams.get(to);
        return stream == null || stream.epoch() != epoch ? List.of() : onUnreachable(to);
    }

    /** Resends what waited for its acknowledgement longer than the resend timeout. */
    public void onTick() {
        long now = nanoClock.getAsLong();
        for (OriginStream stream : streams.values()) {
            resent += stream.resendDue(now, out);
        }
    }

    /** How many elements to {@code to} are sent and not yet acknowledged. */
    public int pending(Destination to) {
        OriginStream stream = streams.get(to);
        return stream == null ? 0 : stream.pending();
    }

    /** How many elements were sent again so far (for the resend metric). */
    public long resent() {
        return resent;
    }
}
