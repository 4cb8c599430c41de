package io.xsite.relay.internal.sealing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.EncodedBody;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.sealing.TestCertificates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever payload a site seals opens at the other site as it was; truncated or random bodies never open. */
class SealedPayloadsPropertiesTest {
    private static final TestCertificates CA = TestCertificates.newCa("test-ca");
    private static final UuidAddress ORIGIN = UuidAddress.siteUuid(UUID.randomUUID(), "a1", "a", 0);
    private static final Destination TO = new Destination.Member(UuidAddress.siteUuid(UUID.randomUUID(), "b1", "b", 0));

    private final List<SealingFailure> failures = new ArrayList<>();
    private final PayloadProtection a = PayloadProtection.sealed(CA.site("a"), new RelayCodec(), "a/a1", failures::add);
    private final PayloadProtection b = PayloadProtection.sealed(CA.site("b"), new RelayCodec(), "b/b1", failures::add);

    SealedPayloadsPropertiesTest() {
        a.learn(b.certificates().get(0));
        b.learn(a.certificates().get(0));
    }

    @Property(tries = 200)
    void everyPayloadRoundTrips(@ForAll("payloads") AppPayload payload, @ForAll("positions") long seq) {
        Envelope.Data sent = new Envelope.Data(Route.from(ORIGIN, TO), 5, seq, 1, a.seal(ORIGIN, TO, 5, seq, payload));

        assertThat(b.open(sent).body()).isEqualTo(payload);
    }

    @Property(tries = 100)
    void everyTruncationIsRefused(@ForAll("smallPayloads") AppPayload payload) {
        int before = failures.size();
        byte[] sealed = ((EncodedBody) a.seal(ORIGIN, TO, 5, 1, payload)).toByteArray();
        for (int length = 0; length < sealed.length; length++) {
            EncodedBody cut = new EncodedBody(Arrays.copyOf(sealed, length));
            assertThat(b.open(new Envelope.Data(Route.from(ORIGIN, TO), 5, 1, 1, cut))).as("cut to %d", length)
                    .isNull();
        }
        assertThat(failures).hasSize(before + sealed.length);
    }

    @Property(tries = 500)
    void garbageNeverOpens(@ForAll byte[] garbage) {
        int before = failures.size();
        assertThat(b.open(new Envelope.Data(Route.from(ORIGIN, TO), 5, 1, 1, new EncodedBody(garbage)))).isNull();
        assertThat(failures).hasSize(before + 1);
    }

    @Provide
    Arbitrary<Long> positions() {
        return Arbitraries.longs().between(1, Long.MAX_VALUE);
    }

    @Provide
    Arbitrary<AppPayload> payloads() {
        return payloads(Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(100),
                Arbitraries.bytes().array(byte[].class).ofMinSize(20_000).ofMaxSize(40_000),
                Arbitraries.just("text".getBytes(UTF_8))));
    }

    @Provide
    Arbitrary<AppPayload> smallPayloads() {
        return payloads(Arbitraries.bytes().array(byte[].class).ofMaxSize(40));
    }

    private static Arbitrary<AppPayload> payloads(Arbitrary<byte[]> bytes) {
        Arbitrary<AppPayload.Kind> kinds = Arbitraries.of(AppPayload.Kind.class);
        Arbitrary<String> errors = Arbitraries.strings().ofMinLength(1).ofMaxLength(20).injectNull(0.5);
        return Combinators.combine(kinds, Arbitraries.longs(), errors, bytes)
                .as((kind, id, error, data) -> new AppPayload(kind, id, kind == AppPayload.Kind.REPLY ? error : null,
                        data));
    }
}
