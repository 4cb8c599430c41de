package io.xsite.core.internal.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.frame.FrameEnvelope;
import io.xsite.core.delivery.DeliveryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * An in-test network of {@link ReliableDelivery} members: every frame goes through the frame envelope
 * and {@link DeliveryCodec} as bytes, links can be cut, and a seeded {@link Random} drops, duplicates,
 * delays and reorders frames. Time is a {@link FakeClock} that moves one tick per {@link #step()}.
 */
final class SimulatedNetwork {
    static final Duration TICK = Duration.ofMillis(5);
    private static final String CLUSTER = "sim";
    private final DeliveryCodec codec = new DeliveryCodec();

    private final Random random;
    private final FakeClock clock = new FakeClock();
    private final DeliveryConfig config;
    private final Map<UuidAddress, SimulatedMember> members = new LinkedHashMap<>();
    private final Set<List<UuidAddress>> cutLinks = new HashSet<>();
    private List<Frame> inFlight = new ArrayList<>();
    private final List<Frame> history = new ArrayList<>();
    private double dropRate;
    private double duplicateRate;
    private double delayRate;
    private boolean reorder;
    private boolean holdOnCutLinks;
    /** Received frames are direct buffers of their own, and one-way payloads stay in them (see {@link #keepPayloads}). */
    private boolean keepPayloads;
    private final List<ByteBuf> receivedFrames = new ArrayList<>();
    private final java.util.Set<UuidAddress> refusing = new java.util.HashSet<>();

    /** A frame as bytes on the wire: envelope and body. */
    record Frame(UuidAddress from, UuidAddress to, byte[] bytes) {
    }

    SimulatedNetwork(long seed, DeliveryConfig config) {
        this.random = new Random(seed);
        this.config = config;
    }

    /** Loses, duplicates and holds back frames with these probabilities, and shuffles each step's frames. */
    SimulatedNetwork faults(double drop, double duplicate, double delay, boolean shuffle) {
        this.dropRate = drop;
        this.duplicateRate = duplicate;
        this.delayRate = delay;
        this.reorder = shuffle;
        return this;
    }

    /**
     * Frames on cut links are held back instead of lost, and arrive (stale) after {@link #healLinks()}:
     * the worst a partition can do to frames already sent.
     */
    SimulatedNetwork holdFramesOnCutLinks() {
        this.holdOnCutLinks = true;
        return this;
    }

    /**
     * Each frame is received in a direct buffer of its own, and every one-way payload stays in it as a
     * retained slice ({@link DeliveryConfig#keptPayloadBytes()} 0), as on a site master; {@link #receivedFrames}
     * lists those buffers, so that a test can check that each was released.
     */
    SimulatedNetwork keepPayloads() {
        this.keepPayloads = true;
        return this;
    }

    /** The buffers frames were received in, when {@link #keepPayloads}. */
    List<ByteBuf> receivedFrames() {
        return Collections.unmodifiableList(receivedFrames);
    }

    FakeClock clock() {
        return clock;
    }

    /** A new member with a fresh address; it is in nobody's view yet. */
    SimulatedMember add(String name) {
        UuidAddress address = UuidAddress.siteUuid(new UUID(random.nextLong(), random.nextLong()), name, "sim", 0);
        SimulatedMember member = new SimulatedMember(this, address, config, random.nextLong());
        members.put(address, member);
        return member;
    }

    /** The member is gone with all its state; frames to it are lost. */
    void crash(SimulatedMember member) {
        members.remove(member.address());
    }

    /** Gives each of {@code view} the view made of exactly them. */
    void installView(Collection<SimulatedMember> view) {
        List<UuidAddress> addresses = view.stream().map(SimulatedMember::address).toList();
        view.forEach(member -> member.delivery().onViewChange(addresses));
    }

    /**
     * Frames between {@code a} and {@code b}, both ways, are lost from now on, and so are those in flight
     * (unless {@link #holdFramesOnCutLinks()}).
     */
    void cut(SimulatedMember a, SimulatedMember b) {
        cutLinks.add(List.of(a.address(), b.address()));
        cutLinks.add(List.of(b.address(), a.address()));
        if (!holdOnCutLinks) {
            inFlight.removeIf(this::onCutLink);
        }
    }

    /**
     * The transport of {@code member} refuses every frame from now on (its queue is full), or takes them
     * again when {@code refuse} is false.
     */
    void refuseFrom(SimulatedMember member, boolean refuse) {
        if (refuse) {
            refusing.add(member.address());
        } else {
            refusing.remove(member.address());
        }
    }

    /** Undoes every {@link #cut}. */
    void healLinks() {
        cutLinks.clear();
    }

    /** Every frame transmitted so far, dropped ones included. */
    List<Frame> history() {
        return Collections.unmodifiableList(history);
    }

    /** Hands {@code frame} to its receiver now, bypassing faults. */
    void replay(Frame frame) {
        deliver(frame);
    }

    /** Called by members' outputs: encodes the frame and puts it in flight. */
    boolean transmit(UuidAddress from, UuidAddress to, DeliveryMessage message) {
        if (refusing.contains(from)) {
            return false;
        }
        FrameEnvelope envelope = new FrameEnvelope(DeliveryCodec.type(message), CLUSTER, from);
        ByteBuf buf = Unpooled.buffer(envelope.encodedSize() + DeliveryCodec.encodedSize(message));
        try {
            envelope.encode(buf);
            codec.encode(message, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            Frame frame = new Frame(from, to, bytes);
            history.add(frame);
            if (holdOnCutLinks || !onCutLink(frame)) {
                inFlight.add(frame);
            }
        } finally {
            buf.release();
        }
        return true;
    }

    /** Delivers (or loses, duplicates, holds back) the frames in flight, advances the clock, ticks everyone. */
    void step() {
        List<Frame> now = inFlight;
        inFlight = new ArrayList<>();
        if (reorder) {
            Collections.shuffle(now, random);
        }
        for (Frame frame : now) {
            if (onCutLink(frame) || random.nextDouble() < delayRate) {
                inFlight.add(frame);
                continue;
            }
            if (random.nextDouble() < dropRate) {
                continue;
            }
            deliver(frame);
            if (random.nextDouble() < duplicateRate) {
                inFlight.add(frame);
            }
        }
        clock.advance(TICK);
        List.copyOf(members.values()).forEach(member -> member.delivery().onTick());
    }

    void run(int steps) {
        for (int i = 0; i < steps; i++) {
            step();
        }
    }

    /** Frames still in flight. */
    int inFlight() {
        return inFlight.size();
    }

    private boolean onCutLink(Frame frame) {
        return cutLinks.contains(List.of(frame.from(), frame.to()));
    }

    private void deliver(Frame frame) {
        SimulatedMember receiver = members.get(frame.to());
        if (receiver == null) {
            return;
        }
        ByteBuf buf = keepPayloads ? Unpooled.directBuffer(frame.bytes().length).writeBytes(frame.bytes())
                : Unpooled.wrappedBuffer(frame.bytes());
        if (keepPayloads) {
            receivedFrames.add(buf);
        }
        try {
            FrameEnvelope envelope = FrameEnvelope.decode(buf);
            receiver.delivery().onMessage(envelope.sender(), codec.decode(envelope.type(), buf,
                    envelope.sender(), frame.to(), keepPayloads ? 0 : Integer.MAX_VALUE));
        } finally {
            buf.release();
        }
    }
}
