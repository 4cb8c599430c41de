package io.xsite.relay.internal.reliability;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.Loss;
import io.xsite.relay.reliability.ReliabilityConfig;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A receiver's side of end-to-end reliability: one stream per (origin, destination), each delivering
 * its elements exactly once and in sequence order, holding a bounded number that arrive early. A
 * plain state machine: confined to one thread (the relay node's), time from an injected clock, output
 * through {@link DestinationOutput}.
 *
 * <p>Its {@link ReceiverRole} decides whether it acknowledges. Acknowledgements are cumulative and
 * delayed up to {@link ReliabilityConfig#ackDelay()} to batch them, but go out at once when a gap
 * closes or half a buffer arrived since the last one.
 *
 * <p>Memory is bounded, and forgetting never turns into a duplicate. The
 * {@link ReliabilityConfig#rememberedStreams()} most recently used streams are kept whole; beyond them a
 * stream is kept as its {@link Position} (epoch and last delivered element), from which it resumes exactly;
 * beyond {@link ReliabilityConfig#rememberedPositions()} positions, the least recently used stream is
 * forgotten and its fingerprint goes into {@link ForgottenStreams}. An element of a stream without whole
 * state or position starts it only if the stream was surely never forgotten: an origin does not resend
 * what was acknowledged, but an element resent before the acknowledgement arrived, or late on the way, may
 * come after the receiver forgot it had delivered it. Otherwise the receiver refuses the epoch: it delivers
 * none of it and tells the origin ({@link DestinationOutput#forgotten}), which reports what it held as
 * {@link Loss#FORGOTTEN} and opens a newer epoch, which the receiver takes from its start.
 */
public final class DestinationStreams {
    private final ReliabilityConfig config;
    private final DestinationOutput out;
    private final LongSupplier nanoClock;
    private final ReceiverRole role;
    /** Whole streams, least recently used first. */
    private final Map<StreamKey, DestinationStream> streams = new LinkedHashMap<>(16, 0.75f, true);
    /** Positions of streams beyond the whole ones, least recently used first. */
    private final Map<StreamKey, Position> positions;
    /** Streams with an acknowledgement or a gap pending, so a tick visits only those. */
    private final Set<StreamKey> ticking = new LinkedHashSet<>();
    /** Null until the first stream is forgotten: until then, a stream without state is surely new. */
    private ForgottenStreams forgotten;
    private long duplicatesDropped;
    private long refusedElements;

    /** An {@link ReceiverRole#ACKNOWLEDGING} receiver: a unicast's member, or a site master for its site. */
    public DestinationStreams(ReliabilityConfig config, DestinationOutput out, LongSupplier nanoClock) {
        this(config, out, nanoClock, ReceiverRole.ACKNOWLEDGING);
    }

    /**
     * A receiver in {@code role}.
     *
     * @param config    out-of-order limit, ack delay, gap wait, remembered streams and positions
     * @param out       where elements, acknowledgements, skipped gaps and refusals go
     * @param nanoClock monotonic time in nanoseconds
     * @param role      whether this receiver acknowledges
     */
    public DestinationStreams(ReliabilityConfig config, DestinationOutput out, LongSupplier nanoClock,
                              ReceiverRole role) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(out, "out");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.role = Objects.requireNonNull(role, "role");
        int rememberedPositions = config.rememberedPositions();
        this.positions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<StreamKey, Position> eldest) {
                if (size() <= rememberedPositions) {
                    return false;
                }
                forget(eldest.getKey());
                return true;
            }
        };
    }

    /**
     * Takes one element from the path: delivers it (and whatever it unblocks) once and in order, holds
     * it, or drops it as a duplicate, stale, too early or refused; an acknowledging receiver schedules or sends
     * an acknowledgement.
     */
    public void onSequenced(Sequenced element) {
        StreamKey key = new StreamKey(element.origin(), element.destination());
        long now = nanoClock.getAsLong();
        DestinationStream stream = streams.get(key);
        if (stream == null) {
            stream = open(key, element);
            streams.put(key, stream);
            if (streams.size() > config.rememberedStreams()) {
                settleEldest(now);
            }
        }
        switch (stream.onSequenced(element, now, out)) {
            case ACK_NOW -> sendAck(key, stream);
            case DUPLICATE -> duplicatesDropped++;
            case REFUSED -> refusedElements++;
            case ACCEPTED, DROPPED -> {
                // Nothing to send now; a tick takes care of what is pending.
            }
        }
        if (stream.needsTicks()) {
            ticking.add(key);
        }
    }

    /**
     * Sends the acknowledgements (and refusal notices) that waited for the ack delay, and skips gaps that waited
     * too long.
     */
    public void onTick() {
        long now = nanoClock.getAsLong();
        for (Iterator<StreamKey> keys = ticking.iterator(); keys.hasNext(); ) {
            StreamKey key = keys.next();
            DestinationStream stream = streams.get(key);
            if (stream == null) {
                // Settled to its position: its acknowledgement went out, its gaps were skipped.
                keys.remove();
                continue;
            }
            if (stream.ackDue(now)) {
                sendAck(key, stream);
            }
            stream.skipExpiredGap(now, out);
            if (!stream.needsTicks()) {
                keys.remove();
            }
        }
    }

    /** How many elements were dropped as duplicates or stale so far (for the duplicates metric). */
    public long duplicatesDropped() {
        return duplicatesDropped;
    }

    /** How many elements of streams this receiver had forgotten were refused so far. */
    public long refusedElements() {
        return refusedElements;
    }

    /** The stream {@code element} finds no whole state for: resumed, new, or refused if it may have been forgotten. */
    private DestinationStream open(StreamKey key, Sequenced element) {
        Position position = positions.remove(key);
        if (position != null) {
            return DestinationStream.resume(config, role, position);
        }
        if (forgotten != null && forgotten.mayContain(key.fingerprint())) {
            return DestinationStream.resume(config, role, new Position(element.epoch(), 0, true));
        }
        return new DestinationStream(config, role);
    }

    /** Keeps the least recently used whole stream as its position, after sending what it owes. */
    private void settleEldest(long now) {
        Iterator<Map.Entry<StreamKey, DestinationStream>> eldest = streams.entrySet().iterator();
        Map.Entry<StreamKey, DestinationStream> entry = eldest.next();
        eldest.remove();
        StreamKey key = entry.getKey();
        DestinationStream stream = entry.getValue();
        if (stream.ackPending()) {
            sendAck(key, stream);
        }
        positions.put(key, stream.settle(now, out));
    }

    private void forget(StreamKey key) {
        if (forgotten == null) {
            forgotten = new ForgottenStreams();
        }
        forgotten.add(key.fingerprint());
    }

    /** Sends the stream's acknowledgement, or the refusal of its epoch. */
    private void sendAck(StreamKey key, DestinationStream stream) {
        if (stream.refused()) {
            stream.takeAck();
            out.forgotten(key.origin(), key.destination(), stream.epoch());
        } else {
            out.ack(key.origin(), key.destination(), stream.epoch(), stream.takeAck());
        }
    }

    /** The name of a stream at a receiver. */
    private record StreamKey(UuidAddress origin, Destination destination) {
        /** 64 bits naming the stream: the origin's UUID (random per member start) mixed with the destination. */
        long fingerprint() {
            return origin.msb() * 31 + origin.lsb() * 0x9E3779B97F4A7C15L + destination.hashCode();
        }
    }
}
