package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.ReliabilityConfig;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.EncodedBody;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.sealing.PayloadProtection;
import io.xsite.relay.internal.sealing.SealingFailure;
import io.xsite.relay.sealing.TestCertificates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * A member's streams with sealing, without sockets: what leaves is sealed (as the engine seals what its batching
 * lets go), and nothing leaves before it can be.
 */
class RelayStreamsSealingTest {
    /** The codec of the node these bytes come from or go to. */
    private final RelayCodec codec = new RelayCodec();
    private static final TestCertificates CA = TestCertificates.newCa("test-ca");
    private static final UuidAddress A1 = UuidAddress.siteUuid(UUID.randomUUID(), "a1", "a", 0);
    private static final UuidAddress B1 = UuidAddress.siteUuid(UUID.randomUUID(), "b1", "b", 0);

    private final List<SealingFailure> failures = new ArrayList<>();
    private final PayloadProtection a = PayloadProtection.sealed(CA.site("a"), new RelayCodec(), "a/a1", failures::add);
    private final PayloadProtection b = PayloadProtection.sealed(CA.site("b"), new RelayCodec(), "b/b1", failures::add);
    private final List<Envelope.Data> transmitted = new ArrayList<>();
    /** Each transmission sealed as it leaves, as the engine's batching seals a lone element. */
    private final RelayStreams streams = new RelayStreams(ReliabilityConfig.DEFAULTS, A1, "a/a1", envelope -> { },
            data -> transmitted.add((Envelope.Data) a.seal(data).envelope()), element -> { }, data -> { }, undelivered -> { },
            new RelayMetrics("a", "a1"), a, System::nanoTime, RandomGenerator.getDefault());

    @Test
    void sendsWaitForTheDestinationsCertificateThenLeaveSealedInOrder() {
        for (int n = 0; n < 3; n++) {
            assertThat(streams.send(new Destination.Member(B1), AppPayload.message(("m" + n).getBytes(UTF_8))))
                    .isTrue();
        }
        assertThat(transmitted).as("nothing leaves before b's certificate is known").isEmpty();

        a.learn(b.certificates().get(0));
        b.learn(a.certificates().get(0));
        streams.onSealingReady("b");

        assertThat(transmitted).extracting(Envelope.Data::seq).containsExactly(1L, 2L, 3L);
        assertThat(transmitted).allSatisfy(data -> assertThat(((EncodedBody) data.body()).toByteArray()[0])
                .isEqualTo((byte) RelayCodec.SEALED_PAYLOAD));
        List<String> opened = transmitted.stream()
                .map(data -> b.open((Envelope.Data) codec.decode(codec.encode(data))))
                .map(data -> new String(((AppPayload) data.body()).bytes(), UTF_8)).toList();
        assertThat(opened).containsExactly("m0", "m1", "m2");
        assertThat(failures).isEmpty();
    }

    /** b's members restarted with a renewed certificate and key: what a still holds for them must open there. */
    @Test
    void aResendAfterTheDestinationRenewedItsCertificateOpensUnderTheNewKey() {
        a.learn(b.certificates().get(0));
        streams.send(new Destination.Member(B1), AppPayload.message("held".getBytes(UTF_8)));
        PayloadProtection renewed = PayloadProtection.sealed(CA.site("b", Instant.now().plusSeconds(60)), new RelayCodec(), "b/b1",
                failures::add);
        renewed.learn(a.certificates().get(0));

        a.learn(renewed.certificates().get(0));
        streams.onPathChanged();

        assertThat(transmitted).hasSize(2);
        assertThat(renewed.open(transmitted.get(0))).as("sealed for the old key").isNull();
        Envelope.Data resent = renewed.open(transmitted.get(1));
        assertThat(new String(((AppPayload) resent.body()).bytes(), UTF_8)).isEqualTo("held");
        assertThat(failures).containsExactly(SealingFailure.AUTHENTICATION);
    }
}
