package io.xsite.relay.internal.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.internal.routing.EncodedBody;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.ReliabilityConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * One receiver and 10,000 origins, each sending a few numbered messages at random moments through a path
 * that loses, duplicates and reorders: far more streams than the receiver keeps whole, and (with small
 * settings) more than it keeps positions of, so it forgets streams while their origins still send. Whatever
 * it forgets, nothing is delivered twice or out of order, and every message is delivered or reported to its
 * origin. Each run is a function of its seed (jqwik prints it).
 */
class ForgettingPropertiesTest {
    private static final int ORIGINS = 10_000;
    private static final int MESSAGES_PER_ORIGIN = 3;
    private static final UuidAddress BOB_ADDRESS = UuidAddress.siteUuid(new UUID(2, 2), "b", "sfc", 0);
    private static final Destination BOB = new Destination.Member(BOB_ADDRESS);
    /**
     * Resends after 200 ms of the test's clock, which a tick (one step in fifty) moves by 1 ms: long against the
     * time a frame spends on a path of thousands, or resends would swamp it.
     */
    private static final ReliabilityConfig FAST = new ReliabilityConfig(8, 16 * 1024, Duration.ofMillis(200),
            Duration.ofSeconds(1), Duration.ofMillis(5), 8, Duration.ofMillis(200), 64, 256);

    @Property(tries = 2)
    void aReceiverThatForgetsStreamsNeverDeliversTwiceAndEveryLossIsReported(@ForAll long seed) {
        Outcome outcome = run(seed, FAST.withRemembered(64, 1024));
        System.out.printf("forgetting receiver, seed %d: %d delivered, %d reported, %d elements refused%n", seed,
                outcome.delivered.size(), outcome.reported.size(), outcome.refused);

        assertThat(outcome.refused).as("the receiver refused forgotten streams (seed %d)", seed).isPositive();
        assertThat(outcome.reported).as("refusals are reported to their origins (seed %d)", seed).isNotEmpty();
    }

    @Property(tries = 1)
    void withTheDefaultLimitsTenThousandOriginsAreNeverRefused(@ForAll long seed) {
        ReliabilityConfig defaults = ReliabilityConfig.DEFAULTS;
        Outcome outcome = run(seed, FAST.withRemembered(defaults.rememberedStreams(), defaults.rememberedPositions()));

        assertThat(outcome.refused).as("positions cover every origin (seed %d)", seed).isZero();
        assertThat(outcome.reported).isEmpty();
        assertThat(outcome.delivered).hasSize(ORIGINS * MESSAGES_PER_ORIGIN);
    }

    /** Runs the scenario; asserts the guarantee itself (once, in order, delivered or reported). */
    private static Outcome run(long seed, ReliabilityConfig config) {
        Random random = new Random(seed);
        ManualClock clock = new ManualClock();
        ChaoticPath path = new ChaoticPath(random);
        Map<UuidAddress, Origin> origins = new HashMap<>();
        Outcome outcome = new Outcome();
        DestinationStreams receiver = new DestinationStreams(config, new DestinationOutput() {
            @Override
            public void deliver(Sequenced element) {
                long message = message(element);
                if (!outcome.delivered.add(message)) {
                    fail("message %d delivered twice (seed %d)", message, seed);
                }
                Origin origin = origins.get(element.origin());
                if (number(message) <= origin.lastDelivered) {
                    fail("message %d delivered after %d (seed %d)", message, origin.lastDelivered, seed);
                }
                origin.lastDelivered = number(message);
            }

            @Override
            public void ack(UuidAddress origin, Destination destination, long epoch, long seq) {
                path.add(() -> origins.get(origin).streams.onAck(BOB_ADDRESS, destination, epoch, seq));
            }

            @Override
            public void skipped(UuidAddress origin, Destination destination, long epoch, long fromSeq, long toSeq) {
                fail("an acknowledging receiver never skips (seed %d)", seed);
            }

            @Override
            public void forgotten(UuidAddress origin, Destination destination, long epoch) {
                path.add(() -> origins.get(origin).streams.onForgotten(destination, epoch)
                        .forEach(body -> outcome.reported.add(message(body))));
            }
        }, clock);
        List<Origin> sending = new ArrayList<>();
        for (int i = 0; i < ORIGINS; i++) {
            Origin origin = new Origin(i, config, element -> path.add(() -> receiver.onSequenced(element)), clock,
                    random.nextLong());
            origins.put(origin.address, origin);
            sending.add(origin);
        }
        // Origins with unacknowledged messages: only they need ticks.
        Set<Origin> active = new LinkedHashSet<>();

        int steps = 0;
        while (!sending.isEmpty() || !path.isEmpty() || !active.isEmpty()) {
            if (++steps > 20_000_000) {
                fail("no convergence (seed %d)", seed);
            }
            int dice = random.nextInt(100);
            if (dice < 30 && !sending.isEmpty()) {
                int pick = random.nextInt(sending.size());
                Origin origin = sending.get(pick);
                active.add(origin);
                if (origin.sendNext()) {
                    sending.set(pick, sending.get(sending.size() - 1));
                    sending.remove(sending.size() - 1);
                }
            } else if (dice < 95) {
                path.deliverOne();
            } else if (dice < 97) {
                path.duplicateOne();
            } else if (dice < 98) {
                path.loseOne();
            } else {
                clock.advance(Duration.ofMillis(1));
                receiver.onTick();
                active.forEach(origin -> origin.streams.onTick());
                active.removeIf(origin -> !origin.pending());
            }
        }
        outcome.refused = receiver.refusedElements();

        Set<Long> sent = new HashSet<>();
        origins.values().forEach(origin -> sent.addAll(origin.sent));
        Set<Long> accounted = new HashSet<>(outcome.delivered);
        accounted.addAll(outcome.reported);
        assertThat(accounted).as("every message delivered or reported (seed %d)", seed).isEqualTo(sent);
        return outcome;
    }

    /** What a run saw: messages delivered and reported (origin index << 32 | number), elements refused. */
    private static final class Outcome {
        final Set<Long> delivered = new HashSet<>();
        final Set<Long> reported = new HashSet<>();
        long refused;
    }

    /** One origin and its application, which sends 1..MESSAGES_PER_ORIGIN to BOB. */
    private static final class Origin {
        final int index;
        final UuidAddress address;
        final OriginStreams streams;
        final List<Long> sent = new ArrayList<>();
        long lastDelivered;
        private int next = 1;

        Origin(int index, ReliabilityConfig config, Consumer<Sequenced> path, ManualClock clock, long seed) {
            this.index = index;
            this.address = UuidAddress.siteUuid(new UUID(7, index), "o" + index, "nyc", 0);
            this.streams = new OriginStreams(config, address, new OriginOutput() {
                @Override
                public void transmit(Sequenced element) {
                    path.accept(element);
                }

                @Override
                public void windowOpened(Destination to) {
                    // Three messages never fill a buffer of eight.
                }
            }, clock, new Random(seed));
        }

        /** Sends the next message; true when it was the last. */
        boolean sendNext() {
            long message = ((long) index << 32) | next;
            if (!streams.send(BOB, new EncodedBody(ByteBuffer.allocate(Long.BYTES).putLong(message).array()))) {
                fail("a buffer of eight refused one of three messages");
            }
            sent.add(message);
            return ++next > MESSAGES_PER_ORIGIN;
        }

        boolean pending() {
            return streams.pending(BOB) > 0;
        }
    }

    private static long message(Sequenced element) {
        return message(element.body());
    }

    private static long message(Body body) {
        EncodedBody encoded = (EncodedBody) body;
        return ByteBuffer.wrap(encoded.array(), encoded.offset(), encoded.length()).getLong();
    }

    private static long number(long message) {
        return message & 0xFFFF_FFFFL;
    }
}
