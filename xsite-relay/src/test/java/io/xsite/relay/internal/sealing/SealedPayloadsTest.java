package io.xsite.relay.internal.sealing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.internal.reliability.Body;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.EncodedBody;
import io.xsite.relay.internal.routing.EncodedEnvelope;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.sealing.SiteSealingKeys;
import io.xsite.relay.sealing.TestCertificates;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sealing between sites a, b and c of one CA: what opens, and everything a router might try that does not. */
class SealedPayloadsTest {
    /** The codec of the node these bytes come from or go to. */
    private final RelayCodec codec = new RelayCodec();
    private static final TestCertificates CA = TestCertificates.newCa("test-ca");
    private static final UuidAddress A1 = member("a1", "a");
    private static final UuidAddress B1 = member("b1", "b");
    private static final UuidAddress B2 = member("b2", "b");
    private static final AppPayload PAYLOAD = new AppPayload(AppPayload.Kind.REQUEST, 42, null,
            "the secret plan".getBytes(UTF_8));

    private final List<SealingFailure> failures = new ArrayList<>();
    private final PayloadProtection a = PayloadProtection.sealed(CA.site("a"), new RelayCodec(), "a/a1", failures::add);
    private final PayloadProtection b = PayloadProtection.sealed(CA.site("b"), new RelayCodec(), "b/b1", failures::add);
    private final PayloadProtection c = PayloadProtection.sealed(CA.site("c"), new RelayCodec(), "c/c1", failures::add);

    @Test
    void aPayloadSealedByOneSiteOpensAtTheOther() {
        introduce(a, b);

        Envelope.Data sent = sealedData(a, A1, new Destination.Member(B1), 7, 3, PAYLOAD);
        Envelope.Data received = (Envelope.Data) codec.decode(codec.encode(sent));

        assertThat(sent.body().length()).isEqualTo(PAYLOAD.length() + SealedPayloadFormat.OVERHEAD);
        assertThat(new String(((EncodedBody) sent.body()).toByteArray(), UTF_8)).doesNotContain("secret");
        assertThat(b.open(received).body()).isEqualTo(PAYLOAD);
        assertThat(failures).isEmpty();
    }

    @Test
    void bothDirectionsAndSiteMulticastsOpen() {
        introduce(a, b);
        AppPayload reply = new AppPayload(AppPayload.Kind.REPLY, 42, "failed", new byte[0]);

        assertThat(a.open(sealedData(b, B1, new Destination.Member(A1), 1, 2, reply)).body()).isEqualTo(reply);
        assertThat(b.open(sealedData(a, A1, new Destination.Site("b"), 1, 1, PAYLOAD)).body()).isEqualTo(PAYLOAD);
        assertThat(failures).isEmpty();
    }

    @Test
    void anyBitFlippedAnywhereIsRefused() {
        introduce(a, b);
        Envelope.Data sent = sealedData(a, A1, new Destination.Member(B1), 7, 3, PAYLOAD);
        byte[] sealed = ((EncodedBody) sent.body()).toByteArray();

        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = sealed.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertThat(b.open(new Envelope.Data(sent.route(), 7, 3, 1, new EncodedBody(flipped))))
                        .as("bit %d of byte %d flipped", bit, i).isNull();
            }
        }
        assertThat(failures).hasSize(sealed.length * 8).doesNotContain(SealingFailure.NO_CERTIFICATE);
    }

    @Test
    void aPayloadMovedToAnotherStreamPositionOrDestinationIsRefused() {
        introduce(a, b);
        Envelope.Data sent = sealedData(a, A1, new Destination.Member(B1), 7, 3, PAYLOAD);
        Body body = sent.body();

        List<Envelope.Data> moved = List.of(
                new Envelope.Data(sent.route(), 8, 3, 1, body),
                new Envelope.Data(sent.route(), 7, 4, 1, body),
                new Envelope.Data(Route.from(A1, new Destination.Member(B2)), 7, 3, 1, body),
                new Envelope.Data(Route.from(A1, new Destination.Site("b")), 7, 3, 1, body),
                new Envelope.Data(Route.from(member("a2", "a"), new Destination.Member(B1)), 7, 3, 1, body));

        assertThat(moved).allSatisfy(data -> assertThat(b.open(data)).as("%s", data).isNull());
        assertThat(failures).containsOnly(SealingFailure.AUTHENTICATION);
        // Only the sites visited and the oldest unacknowledged position are free to change on the way.
        assertThat(b.open(new Envelope.Data(sent.route().via("x"), 7, 3, 2, body)).body()).isEqualTo(PAYLOAD);
    }

    @Test
    void aBatchSealedAsOneOpensIntoItsElementsAtTheOtherSite() {
        introduce(a, b);
        Route route = Route.from(A1, new Destination.Member(B1));
        AppPayload reply = new AppPayload(AppPayload.Kind.REPLY, 9, "failed", new byte[0]);
        List<Envelope.Data> parts = List.of(new Envelope.Data(route, 7, 3, 1, PAYLOAD),
                new Envelope.Data(route, 7, 4, 2, reply), new Envelope.Data(route, 7, 5, 2, PAYLOAD));

        EncodedEnvelope leaving = a.seal(new Envelope.Batch(route, parts));
        Envelope.SealedBatch sent = (Envelope.SealedBatch) leaving.envelope();
        Envelope.SealedBatch received = (Envelope.SealedBatch) codec.decode(ByteBufUtil.getBytes(leaving.wire()));

        assertThat(sent.count()).isEqualTo(3);
        assertThat(ByteBufUtil.getBytes(leaving.wire())).isEqualTo(codec.encode(sent));
        assertThat(new String(((EncodedBody) sent.sealed()).toByteArray(), UTF_8)).doesNotContain("secret");
        assertThat(b.open(received).parts()).isEqualTo(parts);
        assertThat(failures).isEmpty();
    }

    @Test
    void aSealedBatchWithAnotherCountOrRouteOrPassedOffAsOneElementIsRefused() {
        introduce(a, b);
        Route route = Route.from(A1, new Destination.Member(B1));
        Envelope.SealedBatch sent = (Envelope.SealedBatch) a.seal(new Envelope.Batch(route,
                List.of(new Envelope.Data(route, 7, 3, 1, PAYLOAD), new Envelope.Data(route, 7, 4, 1, PAYLOAD))))
                .envelope();
        Body body = sent.sealed();

        assertThat(b.open(new Envelope.SealedBatch(route, 1, body))).isNull();
        assertThat(b.open(new Envelope.SealedBatch(Route.from(A1, new Destination.Member(B2)), 2, body))).isNull();
        assertThat(b.open(new Envelope.Data(route, 7, 3, 1, body))).isNull();
        assertThat(failures).containsExactly(SealingFailure.AUTHENTICATION, SealingFailure.AUTHENTICATION,
                SealingFailure.AUTHENTICATION);
        // Like an element's, a batch's route may gain visited sites on the way.
        assertThat(b.open(new Envelope.SealedBatch(route.via("x"), 2, body)).parts()).hasSize(2);
    }

    @Test
    void aLoneElementLeavesAsDataWithItsBodySealedAndANodeWithoutKeysCannotReadASealedBatch() {
        introduce(a, b);
        Envelope.Data lone = new Envelope.Data(Route.from(A1, new Destination.Member(B1)), 7, 3, 1, PAYLOAD);

        EncodedEnvelope leaving = a.seal(lone);
        Envelope.Data sealed = (Envelope.Data) leaving.envelope();

        assertThat(sealed.body()).isNotEqualTo(PAYLOAD);
        assertThat(ByteBufUtil.getBytes(leaving.wire())).isEqualTo(codec.encode(sealed));
        assertThat(b.open(sealed)).isEqualTo(lone);
        assertThat(b.open((Envelope.Data) codec.decode(ByteBufUtil.getBytes(leaving.wire())))).isEqualTo(lone);
        Envelope.SealedBatch batch = (Envelope.SealedBatch) a.seal(new Envelope.Batch(lone.route(), List.of(lone,
                new Envelope.Data(lone.route(), 7, 4, 1, PAYLOAD)))).envelope();
        EncodedEnvelope clear = PayloadProtection.cleartext(new RelayCodec()).seal(lone);
        assertThat(clear.envelope()).isSameAs(lone);
        assertThat(ByteBufUtil.getBytes(clear.wire())).isEqualTo(codec.encode(lone));
        assertThatThrownBy(() -> PayloadProtection.cleartext(new RelayCodec()).open(batch))
                .isInstanceOf(io.xsite.wire.codec.MalformedFrameException.class);
    }

    @Test
    void aThirdSiteCannotOpenWhatTwoOthersExchange() {
        introduce(a, b);
        introduce(a, c);
        introduce(b, c);
        Envelope.Data sent = sealedData(a, A1, new Destination.Member(B1), 7, 3, PAYLOAD);

        assertThat(c.open(sent)).isNull();
        assertThat(c.open(new Envelope.Data(Route.from(A1, new Destination.Member(member("c1", "c"))), 7, 3, 1,
                sent.body()))).isNull();
        assertThat(failures).containsOnly(SealingFailure.AUTHENTICATION);
    }

    @Test
    void aPayloadFromASiteClaimingAnotherOriginSiteIsRefused() {
        introduce(a, b);
        introduce(c, b);
        Envelope.Data sent = sealedData(c, member("c1", "c"), new Destination.Member(B1), 7, 3, PAYLOAD);

        assertThat(b.open(new Envelope.Data(Route.from(A1, new Destination.Member(B1)), 7, 3, 1, sent.body())))
                .isNull();
        assertThat(failures).containsExactly(SealingFailure.AUTHENTICATION);
    }

    @Test
    void aPayloadInClearFromAnotherSiteIsRefused() {
        introduce(a, b);
        Envelope.Data clear = new Envelope.Data(Route.from(A1, new Destination.Member(B1)), 7, 3, 1, PAYLOAD);
        Envelope.Data received = (Envelope.Data) codec.decode(codec.encode(clear));
        // As it arrives at a node: a sealed one must keep the clear body as bytes, not take it for one of its own.
        Envelope.Data arrived = (Envelope.Data) b.decodeReceived(Unpooled.wrappedBuffer(codec.encode(clear)));

        assertThat(b.open(received)).isNull();
        assertThat(arrived.body()).isInstanceOf(EncodedBody.class);
        assertThat(b.open(arrived)).isNull();
        assertThat(failures).containsExactly(SealingFailure.UNSEALED, SealingFailure.UNSEALED);
    }

    @Test
    void nothingIsSealedForASiteWhoseCertificateIsUnknownAndNothingFromItOpens() {
        assertThat(a.canSealFor("b")).isFalse();
        assertThatThrownBy(() -> a.seal(A1, new Destination.Member(B1), 1, 1, PAYLOAD))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no certificate of site b");
        b.learn(a.certificates().get(0));

        Envelope.Data sent = sealedData(b, B1, new Destination.Member(A1), 1, 1, PAYLOAD);

        assertThat(a.open(sent)).isNull();
        assertThat(failures).containsExactly(SealingFailure.NO_CERTIFICATE);
    }

    @Test
    void certificatesOfAnotherCaOrNamingAnotherSiteAreRefused() {
        PayloadProtection stranger = PayloadProtection.sealed(TestCertificates.newCa("other-ca").site("b"), new RelayCodec(), "b/x",
                failures::add);
        Envelope.SiteCertificate own = b.certificates().get(0);

        assertThat(a.learn(stranger.certificates().get(0))).isFalse();
        assertThat(a.learn(new Envelope.SiteCertificate("c", own.chain(), List.of()))).isFalse();
        assertThat(a.learn(new Envelope.SiteCertificate("b", List.of(new byte[] {1, 2, 3}), List.of()))).isFalse();
        assertThat(a.canSealFor("b")).isFalse();
        assertThat(failures).containsOnly(SealingFailure.CERTIFICATE).hasSize(3);

        assertThat(a.learn(own)).isTrue();
        assertThat(a.learn(own)).as("known already").isFalse();
        assertThat(a.canSealFor("b")).isTrue();
    }

    @Test
    void aRenewedCertificateReplacesTheOldOneButNotTheOtherWayRound() {
        SiteSealingKeys renewedKeys = CA.site("b", Instant.now().plus(1, ChronoUnit.MINUTES));
        PayloadProtection renewed = PayloadProtection.sealed(renewedKeys, new RelayCodec(), "b/b1", failures::add);
        introduce(a, b);

        assertThat(a.learn(renewed.certificates().get(0))).isTrue();
        renewed.learn(a.certificates().get(0));
        assertThat(a.learn(b.certificates().get(0))).as("the older one again").isFalse();

        Envelope.Data sent = sealedData(a, A1, new Destination.Member(B1), 1, 1, PAYLOAD);
        assertThat(renewed.open(sent).body()).isEqualTo(PAYLOAD);
    }

    @Test
    void sealingKeysWhoseKeyOrSiteDoesNotMatchTheCertificateAreRefusedAtOnce() {
        SiteSealingKeys keys = CA.site("a");
        PrivateKey otherKey = CA.site("a").privateKey();

        assertThatThrownBy(() -> new SiteSealingKeys("a", otherKey, keys.chain(), keys.ca()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the certificate's");
        assertThatThrownBy(() -> new SiteSealingKeys("b", keys.privateKey(), keys.chain(), keys.ca()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names site a, not b");
        assertThatThrownBy(() -> new SiteSealingKeys("a", keys.privateKey(), keys.chain(),
                TestCertificates.newCa("other").ca())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not chain to the CA");
        assertThat(keys.toString()).doesNotContain(keys.privateKey().toString());
    }

    @Test
    void manySealsUnderOneKeyUseEachNonceOnce() {
        introduce(a, b);
        List<Long> counters = new ArrayList<>();
        for (int seq = 1; seq <= 100; seq++) {
            byte[] sealed = ((EncodedBody) sealedData(a, A1, new Destination.Member(B1), 1, seq, PAYLOAD).body())
                    .toByteArray();
            counters.add(SealedPayloadFormat.readLong(sealed, SealedPayloadFormat.COUNTER_AT));
        }
        assertThat(counters).doesNotHaveDuplicates();
    }

    /** RFC 5869, appendix A.1. */
    @Test
    void hkdfGivesTheRfcTestVector() {
        HexFormat hex = HexFormat.of();
        byte[] prk = Hkdf.extract(hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("0b".repeat(22)));

        assertThat(hex.formatHex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(hex.formatHex(Hkdf.expand(prk, hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42))).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    private static void introduce(PayloadProtection one, PayloadProtection other) {
        assertThat(one.learn(other.certificates().get(0))).isTrue();
        assertThat(other.learn(one.certificates().get(0))).isTrue();
    }

    private static Envelope.Data sealedData(PayloadProtection sealer, UuidAddress origin, Destination to, long epoch,
                                            long seq, AppPayload payload) {
        return new Envelope.Data(Route.from(origin, to), epoch, seq, 1, sealer.seal(origin, to, epoch, seq, payload));
    }

    private static UuidAddress member(String name, String site) {
        return UuidAddress.siteUuid(UUID.nameUUIDFromBytes(name.getBytes(UTF_8)), name, site, 0);
    }
}
