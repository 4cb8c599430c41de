package io.xsite.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.internal.reliability.ChaoticPath;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.Loss;
import io.xsite.relay.reliability.ReliabilityConfig;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.sealing.PayloadProtection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A member of nyc sends numbered messages to a member of sfc faster than they are acknowledged (its buffer
 * holds eight, the rest wait in its queue) through a path that loses, duplicates and reorders, while sfc goes
 * down (half of what is on the way is lost, the rest may still arrive) and comes back, again and again.
 * Every message a send accepted is delivered once and in order or reported to the sender in an
 * {@link UndeliveredMessages} event, and a message is reported at most once; one reported may still have
 * arrived (its acknowledgement was lost with the site), which the event's reason says. Each run is a
 * function of its seed (jqwik prints it).
 */
class SiteDownPropertiesTest {
    private static final UuidAddress A = UuidAddress.siteUuid(new UUID(1, 1), "a", "nyc", 0);
    private static final UuidAddress B = UuidAddress.siteUuid(new UUID(2, 2), "b", "sfc", 0);
    private static final Destination TO_B = new Destination.Member(B);
    /** Resends after 200 ms of the test's clock, which a tick (one step in twenty) moves by 1 ms. */
    private static final ReliabilityConfig CONFIG = new ReliabilityConfig(8, 16 * 1024, Duration.ofMillis(200),
            Duration.ofSeconds(1), Duration.ofMillis(5), 8, Duration.ofMillis(200), 64, 256);

    @Property(tries = 100)
    void everyAcceptedMessageIsDeliveredOnceInOrderOrReportedWhenTheSiteGoesDown(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int count) {
        Random random = new Random(seed);
        long[] clock = {1_000_000_000L};
        ChaoticPath path = new ChaoticPath(random);
        List<Long> delivered = new ArrayList<>();
        List<UndeliveredMessages> reports = new ArrayList<>();
        RelayStreams[] ends = new RelayStreams[2];
        ends[0] = new RelayStreams(CONFIG, A, "nyc/a", envelope -> fail("a acknowledges nothing"),
                data -> path.add(() -> ends[1].onData(data, false)), element -> fail("a receives nothing"),
                data -> fail("a is no site master"), reports::add, new RelayMetrics("nyc", "a"),
                PayloadProtection.cleartext(new RelayCodec()), () -> clock[0], new Random(random.nextLong()));
        ends[1] = new RelayStreams(CONFIG, B, "sfc/b",
                envelope -> path.add(() -> ends[0].onAck((Envelope.Ack) envelope)), data -> fail("b sends nothing"),
                element -> delivered.add(number(RelayCodec.decodePayload(element.body()).bytes())),
                data -> fail("b is no site master"), undelivered -> fail("b sends nothing"),
                new RelayMetrics("sfc", "b"), PayloadProtection.cleartext(new RelayCodec()), () -> clock[0],
                new Random(random.nextLong()));
        RelayStreams a = ends[0];
        RelayStreams b = ends[1];
        Set<Long> accepted = new HashSet<>();
        boolean up = true;
        int downs = 0;

        long next = 1;
        for (int step = 0; next <= count || a.pending(TO_B) > 0 || !path.isEmpty() || !up; step++) {
            if (step > 2_000_000) {
                fail("no convergence (seed %d)", seed);
            }
            int dice = random.nextInt(100);
            if (dice < 30 && next <= count) {
                // While sfc is down a send to it fails at once (RelayEngine.send): the sender is told.
                if (up && a.send(TO_B, AppPayload.message(bytes(next)))) {
                    accepted.add(next);
                }
                next++;
            } else if (dice < 85) {
                path.deliverOne();
            } else if (dice < 87) {
                path.duplicateOne();
            } else if (dice < 89) {
                path.loseOne();
            } else if (dice < 94) {
                clock[0] += Duration.ofMillis(1).toNanos();
                a.onTick();
                b.onTick();
            } else if (dice < 95) {
                if (up) {
                    a.onSiteDown("sfc");
                    path.loseShare(0.5);
                    downs++;
                } else {
                    a.onPathChanged();
                }
                up = !up;
            }
        }

        Set<Long> reported = new HashSet<>();
        for (UndeliveredMessages report : reports) {
            assertThat(report.reason()).isEqualTo(Loss.SITE_DOWN);
            assertThat(report.to()).isEqualTo(TO_B);
            assertThat(report.payloads()).hasSize((int) report.count());
            report.payloads().forEach(payload -> assertThat(reported.add(number(payload)))
                    .as("message %d reported once (seed %d)", number(payload), seed).isTrue());
        }
        assertThat(delivered).as("once and in order (seed %d)", seed).isSorted().doesNotHaveDuplicates();
        Set<Long> accounted = new HashSet<>(delivered);
        accounted.addAll(reported);
        assertThat(accounted).as("every accepted message delivered or reported (seed %d)", seed)
                .isEqualTo(accepted);
        if (downs == 0) {
            assertThat(reported).isEmpty();
        }
    }

    private static byte[] bytes(long number) {
        return ByteBuffer.allocate(Long.BYTES).putLong(number).array();
    }

    private static long number(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
