package io.xsite.core.internal.delivery;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.delivery.DeliveryMessage.Ack;
import io.xsite.core.internal.delivery.DeliveryMessage.Data;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.delivery.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reliable, FIFO, duplicate-free delivery between the members of a view: one stream per sender and
 * receiver with sequence numbers, cumulative acknowledgements, retransmission after a timeout (with
 * backoff) and at once when a peer reconnects, and a bounded window per peer that refuses sends when
 * full. A send to everyone is a send on the stream to each member.
 *
 * <p>A plain state machine: no threads, no locks, no sleeping. It is confined to the member's
 * executor; every input is a method call, every output goes to {@link DeliveryOutput}, time comes from
 * the injected nanosecond clock and periodic work happens in {@link #onTick()}.
 *
 * <p>Streams follow the view given to {@link #onViewChange}: sends go only to members, frames from
 * non-members are dropped, and a member that leaves loses its outbound stream (its unacknowledged
 * parcels are reported through {@link DeliveryOutput#dropped}). If it returns, it gets a new stream
 * with a new epoch. The receiving side remembers where departed senders' streams stood (up to
 * {@link DeliveryConfig#rememberedSenders()} of them), so that stale frames stay recognisable.
 *
 * <p>It takes the messages of what it is given ({@link #send}, {@link #onMessage}; their payloads may be
 * buffers, see {@link Message}): each is closed exactly once, by the output it is delivered to, or here once
 * it is acknowledged, dropped, given up with its stream or this delivery {@link #close closes}.
 */
public final class ReliableDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(ReliableDelivery.class);

    private final DeliveryConfig config;
    private final UuidAddress self;
    private final DeliveryOutput out;
    private final LongSupplier nanoClock;
    /** High half of every epoch this instance opens: tells its streams from an earlier incarnation's. */
    private final long incarnation;
    /** Low half of the next epoch: streams of one incarnation are ordered, so a late frame of an older one is stale. */
    private long streamsOpened;
    private final Map<UuidAddress, OutboundStream> outbound = new HashMap<>();
    private final Map<UuidAddress, InboundStream> inbound = new HashMap<>();
    /** Receiving ends of departed senders, least recently departed first; bounded. */
    private final LinkedHashMap<UuidAddress, InboundStream> departed = new LinkedHashMap<>();
    private Set<UuidAddress> members = Set.of();
    private long retransmissions;

    /**
     * Creates the delivery of member {@code self}; nobody is in its view until {@link #onViewChange}.
     *
     * @param random picks this incarnation's half of the stream epochs; must differ between incarnations of
     *               a member (production: a generator seeded from a secure source; tests: a seeded one per member)
     */
    public ReliableDelivery(DeliveryConfig config, UuidAddress self, DeliveryOutput out, LongSupplier nanoClock,
                            RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.self = Objects.requireNonNull(self, "self");
        this.out = Objects.requireNonNull(out, "out");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.incarnation = (long) Objects.requireNonNull(random, "random").nextInt() << 32;
    }

    /**
     * Queues {@code parcel} on the stream to {@code to} and sends it; takes its message when it returns true
     * (the caller keeps it otherwise).
     *
     * @return false when {@code to} is not in the view or its window is full; in the latter case
     *         {@link DeliveryOutput#windowOpened} follows when the window has room for it again
     * @throws IllegalArgumentException if {@code to} is this member, the parcel's sender is not this
     *                                  member, its destination is neither everyone nor {@code to}, or the
     *                                  message exceeds {@link DeliveryConfig#maxMessageBytes()}
     */
    public boolean send(UuidAddress to, Parcel parcel) {
        if (to.equals(self)) {
            throw new IllegalArgumentException(self + " cannot send to itself through delivery");
        }
        if (!parcel.message().sender().equals(self)) {
            throw new IllegalArgumentException("parcel from " + parcel.message().sender() + " sent by " + self);
        }
        UuidAddress destination = parcel.message().destination();
        if (destination != null && !destination.equals(to)) {
            // The wire names no destination but "everyone" or "you" (see DeliveryCodec).
            throw new IllegalArgumentException("parcel for " + destination + " sent to " + to);
        }
        int size = parcel.message().size();
        if (size > config.maxMessageBytes()) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds " + config.maxMessageBytes());
        }
        if (!members.contains(to)) {
            return false;
        }
        OutboundStream stream = outbound.computeIfAbsent(to, peer -> new OutboundStream(peer, newEpoch(), config));
        return stream.send(parcel, size, nanoClock.getAsLong(), out);
    }

    /**
     * Takes one decoded frame from {@code from} (its message included); frames from members not in the view
     * are dropped.
     */
    public void onMessage(UuidAddress from, DeliveryMessage message) {
        if (message instanceof Data data) {
            onData(from, data);
        } else {
            onAck(from, (Ack) message);
        }
    }

    /**
     * Follows a new view ({@code members} includes this member): streams to and from members that
     * left are dropped, members that joined get fresh streams on first use.
     */
    public void onViewChange(Collection<UuidAddress> newMembers) {
        Set<UuidAddress> previous = members;
        // The new view first: the output may send from dropped(), and must not revive a departed stream.
        members = Set.copyOf(newMembers);
        for (UuidAddress gone : previous) {
            if (members.contains(gone)) {
                continue;
            }
            OutboundStream stream = outbound.remove(gone);
            if (stream != null) {
                List<Parcel> lost = stream.takeUnacknowledged();
                LOG.debug("stream to {} dropped with {} unacknowledged parcels", gone, lost.size());
                out.dropped(gone, lost);
                lost.forEach(parcel -> parcel.message().close());
            }
            InboundStream from = inbound.remove(gone);
            if (from != null) {
                from.suspend();
                remember(gone, from);
            }
        }
        for (UuidAddress joined : members) {
            InboundStream returning = departed.remove(joined);
            if (returning != null) {
                inbound.put(joined, returning);
            }
        }
    }

    /** A connection to {@code peer} came up: everything unacknowledged to it goes out again at once. */
    public void onPeerConnected(UuidAddress peer) {
        OutboundStream stream = outbound.get(peer);
        if (stream != null) {
            retransmissions += stream.retransmitAll(nanoClock.getAsLong(), out);
        }
    }

    /**
     * The transport takes frames for {@code peer} again after refusing some: the parcels it refused go
     * out now, in order. Parcels already on the wire are left to their timers (resending the whole
     * window here would fill the transport's queue with duplicates again).
     */
    public void onWritable(UuidAddress peer) {
        OutboundStream stream = outbound.get(peer);
        if (stream != null) {
            stream.transmitRefused(nanoClock.getAsLong(), out);
        }
        InboundStream from = inbound.get(peer);
        if (from != null && from.ackDue(nanoClock.getAsLong())) {
            sendAck(peer, from);
        }
    }

    /** Periodic work: retransmission of what timed out, and acknowledgements whose delay has passed. */
    public void onTick() {
        long now = nanoClock.getAsLong();
        for (OutboundStream stream : outbound.values()) {
            retransmissions += stream.retransmitDue(now, out);
        }
        for (Map.Entry<UuidAddress, InboundStream> entry : inbound.entrySet()) {
            if (entry.getValue().ackDue(now)) {
                sendAck(entry.getKey(), entry.getValue());
            }
        }
    }

    /**
     * The member stops: closes every message still held (unacknowledged, or held back behind a gap). Nothing
     * is sent or delivered any more; the delivery must not be used after.
     */
    public void close() {
        outbound.values().forEach(stream -> stream.takeUnacknowledged().forEach(parcel -> parcel.message().close()));
        outbound.clear();
        inbound.values().forEach(InboundStream::suspend);
        departed.values().forEach(InboundStream::suspend);
    }

    /** Parcels sent again since this delivery was created (for the retransmissions metric). */
    public long retransmissions() {
        return retransmissions;
    }

    private void onData(UuidAddress from, Data data) {
        if (!members.contains(from) || from.equals(self)) {
            LOG.trace("data from {} dropped: not in the view", from);
            data.parcel().message().close();
            return;
        }
        InboundStream stream = inbound.computeIfAbsent(from, sender -> new InboundStream(sender, config));
        // Deliveries are collected and handed out after the stream's state is consistent, so that the
        // output may call back into this delivery (a request handler answering at once, for instance).
        List<Parcel> ready = new ArrayList<>(1);
        InboundStream.Result result = stream.onData(data, data.parcel().message().size(), nanoClock, ready::add);
        if (result == InboundStream.Result.ACK_NOW) {
            sendAck(from, stream);
        } else if (result != InboundStream.Result.ACCEPTED) {
            LOG.trace("data {} from {} dropped: {}", data.seq(), from, result);
        }
        for (Parcel parcel : ready) {
            out.deliver(from, parcel);
        }
    }

    private void onAck(UuidAddress from, Ack ack) {
        OutboundStream stream = outbound.get(from);
        if (stream == null || stream.epoch() != ack.epoch()) {
            LOG.trace("ack from {} for epoch {} ignored: no such stream", from, ack.epoch());
            return;
        }
        if (stream.onAck(ack.seq(), nanoClock.getAsLong())) {
            out.windowOpened(from);
        }
    }

    private void sendAck(UuidAddress to, InboundStream stream) {
        if (!out.send(to, stream.takeAck())) {
            stream.ackRefused(nanoClock.getAsLong());
        }
    }

    private void remember(UuidAddress sender, InboundStream stream) {
        departed.put(sender, stream);
        if (departed.size() > config.rememberedSenders()) {
            departed.remove(departed.keySet().iterator().next());
        }
    }

    /** The epoch of a new stream: this incarnation in the high half, one more stream in the low half (never 0). */
    private long newEpoch() {
        streamsOpened++;
        return incarnation | (streamsOpened & 0xFFFF_FFFFL);
    }
}
