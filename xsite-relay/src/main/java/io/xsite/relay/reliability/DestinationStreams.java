package io.xsite.relay.reliability;

import io.xsite.core.address.UuidAddress;
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
 * closes or half a buffer arrived since the last one. State is kept for the
 * {@link ReliabilityConfig#rememberedStreams()} most recently used streams.
 */
public final class DestinationStreams {
    private final ReliabilityConfig config;
    private final DestinationOutput out;
    private final LongSupplier nanoClock;
    private final ReceiverRole role;
    private final Map<StreamKey, DestinationStream> streams;
    /** Streams with an acknowledgement or a gap pending, so a tick visits only those. */
    private final Set<StreamKey> ticking = new LinkedHashSet<>();
    private long duplicatesDropped;

    /** An {@link ReceiverRole#ACKNOWLEDGING} receiver: a unicast's member, or a site master for its site. */
    public DestinationStreams(ReliabilityConfig config, DestinationOutput out, LongSupplier nanoClock) {
        this(config, out, nanoClock, ReceiverRole.ACKNOWLEDGING);
    }

    /**
     * A receiver in {@code role}.
     *
     * @param config    out-of-order limit, ack delay, gap wait, remembered streams
     * @param out       where elements, acknowledgements and skipped gaps go
     * @param nanoClock monotonic time in nanoseconds
     * @param role      whether this receiver acknowledges
     */
    public DestinationStreams(ReliabilityConfig config, DestinationOutput out, LongSupplier nanoClock,
                              ReceiverRole role) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(out, "out");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.role = Objects.requireNonNull(role, "role");
        int remembered = config.rememberedStreams();
        this.streams = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<StreamKey, DestinationStream> eldest) {
                return size() > remembered;
            }
        };
    }

    /**
     * Takes one element from the path: delivers it (and whatever it unblocks) once and in order, holds
     * it, or drops it as a duplicate, stale or too early; an acknowledging receiver schedules or sends
     * an acknowledgement.
     */
    public void onSequenced(Sequenced element) {
        StreamKey key = new StreamKey(element.origin(), element.destination());
        DestinationStream stream = streams.computeIfAbsent(key, k -> new DestinationStream(config, role));
        long now = nanoClock.getAsLong();
        switch (stream.onSequenced(element, now, out)) {
            case ACK_NOW -> sendAck(key, stream);
            case DUPLICATE -> duplicatesDropped++;
            case ACCEPTED, DROPPED -> {
                // Nothing to send now; a tick takes care of what is pending.
            }
        }
        if (stream.needsTicks()) {
            ticking.add(key);
        }
    }

    /** Sends the acknowledgements that waited for the ack delay, and skips gaps that waited too long. */
    public void onTick() {
        long now = nanoClock.getAsLong();
        for (Iterator<StreamKey> keys = ticking.iterator(); keys.hasNext(); ) {
            StreamKey key = keys.next();
            DestinationStream stream = streams.get(key);
            if (stream == null) {
                // Forgotten (least recently used): nothing left to acknowledge or wait for.
                keys.remove();
                continue;
            }
            if (stream.ackDue(now)) {
                out.ack(key.origin(), key.destination(), stream.epoch(), stream.takeAck());
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

    private void sendAck(StreamKey key, DestinationStream stream) {
        out.ack(key.origin(), key.destination(), stream.epoch(), stream.takeAck());
    }

    /** The name of a stream at a receiver. */
    private record StreamKey(UuidAddress origin, Destination destination) {
    }
}
