package io.xsite.relay.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.relay.internal.reliability.Body;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.reliability.Loss;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Every envelope and payload survives a round trip; truncated, padded and random bytes are rejected cleanly. */
class RelayCodecPropertiesTest {
    /** The codec of the node these bytes come from or go to. */
    private final RelayCodec codec = new RelayCodec();

    @Property(tries = 500)
    void envelopesRoundTrip(@ForAll("envelopes") Envelope envelope) {
        assertThat(codec.decode(codec.encode(envelope))).isEqualTo(envelope);
    }

    /** A site master's splice of its site into the visited sites writes what encoding the new route would. */
    @Property(tries = 500)
    void viaSplicesTheSiteIntoTheRoute(@ForAll("envelopes") Envelope envelope, @ForAll("siteNames") String site) {
        Assume.that(envelope instanceof Envelope.Routed);
        Envelope.Routed routed = (Envelope.Routed) envelope;

        ByteBuf frame = inFrame(codec.encode(routed));

        byte[] spliced = taken(codec.via(frame, site));

        assertThat(spliced).isEqualTo(codec.encode(routed.on(routed.route().via(site))));
        assertThat(codec.decode(spliced)).isEqualTo(routed.on(routed.route().via(site)));
        assertThat(frame.refCnt()).as("the frame, borrowed, is left as it was").isEqualTo(1);
        frame.release();
    }

    /**
     * {@code encoded} as a member keeps it: the readable bytes of a slice of a larger frame, between other bytes,
     * so that every index must count from the slice's reader index.
     */
    private static ByteBuf inFrame(byte[] encoded) {
        ByteBuf frame = Unpooled.buffer(encoded.length + 16).writeLong(-1).writeBytes(encoded).writeLong(-1);
        ByteBuf slice = frame.retainedSlice(8, encoded.length);
        frame.release();
        return slice;
    }

    /** The bytes of {@code owned}, which is released. */
    private static byte[] taken(ByteBuf owned) {
        try {
            return ByteBufUtil.getBytes(owned);
        } finally {
            owned.release();
        }
    }

    /**
     * What a site master reads to pass an envelope on: a DATA, BATCH or SEALED_BATCH envelope's route, and its splice of a
     * site into the visited sites as {@link RelayCodec#via} makes it; nothing of other kinds.
     */
    @Property(tries = 500)
    void dataRouteIsTheRouteOfDataAndNullOtherwise(@ForAll("envelopes") Envelope envelope,
                                                   @ForAll("siteNames") String site) {
        ByteBuf encoded = inFrame(codec.encode(envelope));
        try {
            DataRoute data = codec.dataRoute(encoded);

            if (Envelope.carriesElements(envelope)) {
                Envelope.Routed sent = (Envelope.Routed) envelope;
                assertThat(data.route()).isEqualTo(sent.route());
                assertThat(data.kind()).isEqualTo(sent.kind());
                assertThat(data.messages()).isEqualTo(Envelope.elementCount(sent));
                Assume.that(sent.route().visited().size() < Route.MAX_HOPS);
                assertThat(taken(data.via(site))).isEqualTo(taken(codec.via(encoded, site)));
            } else {
                assertThat(data).isNull();
            }
            assertThat(encoded.refCnt()).as("borrowed, and every via released").isEqualTo(1);
        } finally {
            encoded.release();
        }
    }

    @Provide
    Arbitrary<String> siteNames() {
        return sites();
    }

    /** The origin writes its payload into the envelope; the destination reads it out of the received body. */
    @Property(tries = 300)
    void payloadsRoundTripAsTheBodyOfData(@ForAll("payloads") AppPayload payload, @ForAll("envelopes") Envelope some) {
        Assume.that(some instanceof Envelope.Data);
        Envelope.Data sent = new Envelope.Data(((Envelope.Data) some).route(), 1, 1, 1, payload);

        Envelope.Data received = (Envelope.Data) codec.decode(codec.encode(sent));

        assertThat(received.body()).isInstanceOf(EncodedBody.class);
        assertThat(received.body().length()).isEqualTo(payload.length());
        assertThat(RelayCodec.decodePayload(received.body())).isEqualTo(payload);
        assertThat(RelayCodec.decodePayload(payload)).isSameAs(payload);
    }

    /** The wire form that shares its payloads' bytes is the encoded one, whatever the bodies' kinds and sizes. */
    @Property(tries = 200)
    void sharingEncodingGivesTheEncodedBytes(@ForAll("envelopes") Envelope some,
                                            @ForAll("largeAndSmallBodies") List<Body> bodies) {
        Assume.that(some instanceof Envelope.Data);
        Envelope.Data first = (Envelope.Data) some;
        List<Envelope.Data> parts = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            parts.add(new Envelope.Data(first.route(), first.epoch(), i + 1, 1, bodies.get(i)));
        }
        Envelope.Streamed envelope = parts.size() == 1 ? parts.get(0) : new Envelope.Batch(first.route(), parts);

        ByteBuf shared = codec.encodeSharing(envelope);

        assertThat(ByteBufUtil.getBytes(shared)).isEqualTo(codec.encode(envelope));
        assertThat(codec.decode(ByteBufUtil.getBytes(shared))).isEqualTo(codec.decode(codec.encode(envelope)));
    }

    /** An envelope decoded as it arrived (payloads read out of the buffer) is the envelope decoded from its array. */
    @Property(tries = 300)
    void receivedEnvelopesAreTheDecodedOnes(@ForAll("envelopes") Envelope some,
                                            @ForAll("largeAndSmallBodies") List<Body> bodies) {
        Envelope envelope = some;
        if (some instanceof Envelope.Data data) {
            envelope = new Envelope.Data(data.route(), data.epoch(), data.seq(), data.lowestUnacked(), bodies.get(0));
        }
        byte[] encoded = codec.encode(envelope);
        ByteBuf arrived = Unpooled.wrappedBuffer(new byte[3], encoded).skipBytes(3);

        Envelope received = codec.decodeReceived(arrived);

        assertThat(arrived.readableBytes()).isEqualTo(encoded.length);
        assertThat(codec.encode(received)).isEqualTo(encoded);
        if (envelope instanceof Envelope.Data data && data.body() instanceof AppPayload payload) {
            assertThat(((Envelope.Data) received).body()).isEqualTo(payload);
        }
    }

    @Property(tries = 1000)
    void garbageArrivingIsEitherAnEnvelopeOrMalformed(@ForAll("kinds") int kind, @ForAll byte[] rest) {
        ByteBuf garbage = Unpooled.buffer().writeByte(RelayCodec.VERSION).writeByte(kind).writeBytes(rest);
        try {
            Envelope envelope = codec.decodeReceived(garbage);
            assertThat(codec.encode(envelope)).isEqualTo(ByteBufUtil.getBytes(garbage));
        } catch (MalformedFrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<List<Body>> largeAndSmallBodies() {
        Arbitrary<byte[]> sizes = Arbitraries.integers().between(0, 3000).map(byte[]::new);
        Arbitrary<Body> bodies = Arbitraries.oneOf(
                Combinators.combine(payloads(), sizes).as((p, bytes) -> new AppPayload(p.kind(), p.requestId(),
                        p.error(), bytes)),
                sizes.map(EncodedBody::new));
        return bodies.list().ofMinSize(1).ofMaxSize(4);
    }

    /** A body written into the range an envelope built in place leaves for it (a sealer encrypts there) gives the encoded envelope. */
    @Property(tries = 300)
    void bodiesWrittenInPlaceGiveTheEncodedEnvelope(@ForAll("envelopes") Envelope envelope) {
        Assume.that(envelope instanceof Envelope.Data || envelope instanceof Envelope.SealedBatch);
        byte[] encoded = codec.encode(envelope);
        Envelope.Routed received = (Envelope.Routed) codec.decode(encoded);

        Envelope.Routed inPlace;
        byte[] body;
        if (received instanceof Envelope.Data data) {
            body = ((EncodedBody) data.body()).toByteArray();
            inPlace = codec.dataInPlace(data, body.length);
        } else {
            Envelope.SealedBatch batch = (Envelope.SealedBatch) received;
            body = ((EncodedBody) batch.sealed()).toByteArray();
            inPlace = codec.sealedBatchInPlace(batch.route(), batch.count(), body.length);
        }
        EncodedBody range = (EncodedBody) (inPlace instanceof Envelope.Data data ? data.body()
                : ((Envelope.SealedBatch) inPlace).sealed());
        System.arraycopy(body, 0, range.array(), range.offset(), body.length);

        assertThat(range.array()).isEqualTo(encoded);
        assertThat(inPlace).isEqualTo(received);
    }

    @Property(tries = 300)
    void everyTruncationIsMalformed(@ForAll("envelopes") Envelope envelope) {
        byte[] bytes = codec.encode(envelope);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> codec.decode(cut)).as("truncated to %d of %d", length, bytes.length)
                    .isInstanceOf(MalformedFrameException.class);
        }
    }

    @Property(tries = 200)
    void trailingBytesAreMalformed(@ForAll("envelopes") Envelope envelope) {
        byte[] bytes = Arrays.copyOf(codec.encode(envelope), codec.encode(envelope).length + 1);
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(MalformedFrameException.class);
    }

    @Property(tries = 1000)
    void garbageIsEitherAnEnvelopeOrMalformed(@ForAll byte[] garbage) {
        try {
            Envelope envelope = codec.decode(garbage);
            assertThat(codec.encode(envelope)).isEqualTo(garbage);
        } catch (MalformedFrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** A garbage DATA header gives a route or a clear error, nothing else; the kind byte decides about null. */
    @Property(tries = 1000)
    void garbageDataRoutesAreARouteNullOrMalformed(@ForAll("kinds") int kind, @ForAll byte[] rest) {
        byte[] garbage = new byte[2 + rest.length];
        garbage[0] = RelayCodec.VERSION;
        garbage[1] = (byte) kind;
        System.arraycopy(rest, 0, garbage, 2, rest.length);
        try {
            DataRoute data = codec.dataRoute(Unpooled.wrappedBuffer(garbage));
            assertThat(data == null).isEqualTo(!carriesData(kind));
            if (data != null) {
                assertThat(data.kind().code).isEqualTo(kind);
            }
        } catch (MalformedFrameException expected) {
            assertThat(carriesData(kind)).isTrue();
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static boolean carriesData(int kind) {
        return kind == Envelope.Kind.DATA.code || kind == Envelope.Kind.BATCH.code;
    }

    @Property(tries = 1000)
    void garbageAfterAValidHeaderIsMalformedOrExact(@ForAll("kinds") int kind, @ForAll byte[] rest) {
        byte[] bytes = new byte[rest.length + 2];
        bytes[0] = RelayCodec.VERSION;
        bytes[1] = (byte) kind;
        System.arraycopy(rest, 0, bytes, 2, rest.length);
        try {
            assertThat(codec.encode(codec.decode(bytes))).isEqualTo(bytes);
        } catch (MalformedFrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void anotherVersionIsRefused() {
        byte[] bytes = codec.encode(new Envelope.SiteDown("nyc", List.of("sfc")));
        bytes[0] = 2;
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("version");
    }

    @Test
    void aHugeMemberCountIsRefusedBeforeAllocating() {
        byte[] bytes = codec.encode(new Envelope.Topology(new SiteView("nyc", 1, List.of(), List.of()), List.of()));
        // site string "nyc" = 1 + 2 + 3 bytes after the 2-byte header, then 8 bytes of version, then the count.
        int count = 2 + 6 + 8;
        bytes[count] = 0x7F;
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("member count");
    }

    @Test
    void aCertificateChainBeyondItsBoundsIsRefused() {
        byte[] big = new byte[RelayCodec.MAX_CHAIN_BYTES / 2 + 1];
        byte[] bytes = codec.encode(new Envelope.SiteCertificate("nyc", List.of(big, big), List.of()));
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("certificate length");

        byte[] none = codec.encode(new Envelope.SiteCertificate("nyc", List.of(new byte[1]), List.of()));
        none[2 + 6] = 0; // the count after the header and the site string "nyc"
        assertThatThrownBy(() -> codec.decode(none)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("certificate count");
    }

    @Test
    void aSealedPayloadIsNotReadAsOneInClear() {
        byte[] sealed = new byte[64];
        sealed[0] = (byte) RelayCodec.SEALED_PAYLOAD;
        assertThatThrownBy(() -> RelayCodec.decodePayload(new EncodedBody(sealed)))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("no sealing keys");
    }

    @Provide
    Arbitrary<Integer> kinds() {
        return Arbitraries.integers().between(1, 9);
    }

    @Provide
    Arbitrary<AppPayload> payloads() {
        Arbitrary<AppPayload.Kind> kinds = Arbitraries.of(AppPayload.Kind.class);
        return Combinators.combine(kinds, Arbitraries.longs(), text().injectNull(0.5), bytes())
                .as((kind, id, error, bytes) -> new AppPayload(kind, id, kind == AppPayload.Kind.REPLY ? error : null,
                        bytes));
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        Arbitrary<Route> routes = Combinators.combine(members(), targets(), sites().list().ofMaxSize(4))
                .as(Route::new);
        Arbitrary<Long> longs = Arbitraries.longs();
        Arbitrary<List<Element>> elements = Combinators.combine(longs.filter(e -> e != 0),
                        Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.doubles().between(0, 1),
                        bytes().map(EncodedBody::new))
                .as((epoch, seq, f, body) -> new Element(epoch, seq, Math.min(seq, Math.max(1, (long) (seq * f))), body))
                .list().ofMinSize(1).ofMaxSize(5);
        return Arbitraries.oneOf(
                Combinators.combine(routes, elements).as((route, parts) -> parts.get(0).on(route)),
                Combinators.combine(routes, elements)
                        .as((route, parts) -> new Envelope.Batch(route, parts.stream().map(e -> e.on(route)).toList())),
                Combinators.combine(routes, Arbitraries.integers().between(1, Envelope.Batch.MAX_PARTS),
                        bytes().map(EncodedBody::new)).as(Envelope.SealedBatch::new),
                Combinators.combine(routes, targets(), longs, longs).as(Envelope.Ack::new),
                Combinators.combine(routes, targets(), longs, Arbitraries.longs().between(1, Long.MAX_VALUE),
                        Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of(Loss.SKIPPED, Loss.FORGOTTEN))
                        .as((route, stream, epoch, from, more, reason) -> new Envelope.Undelivered(route, stream, epoch,
                                from, from + Math.min(more, Long.MAX_VALUE - from), reason)),
                Combinators.combine(routes, sites(), targets()).as(Envelope.SiteUnreachable::new),
                Combinators.combine(routes, members()).as(Envelope.MemberUnreachable::new),
                Combinators.combine(views(), sites().list().ofMaxSize(3)).as(Envelope.Topology::new),
                Combinators.combine(sites(), sites().list().ofMaxSize(3)).as(Envelope.SiteDown::new),
                Combinators.combine(members(), Arbitraries.of("", "127.0.0.1:7800", "[::1]:1")).as(Envelope.Hello::new),
                Combinators.combine(sites(), certificateBytes().list().ofMinSize(1).ofMaxSize(4),
                        sites().list().ofMaxSize(3)).as(Envelope.SiteCertificate::new));
    }

    private static Arbitrary<SiteView> views() {
        Arbitrary<List<MemberInfo>> members = Combinators.combine(members(), Arbitraries.of("", "10.0.0.1:7800"))
                .as(MemberInfo::new).list().ofMaxSize(5);
        return Combinators.combine(sites(), Arbitraries.longs(), members, Arbitraries.integers().between(0, 2))
                .as((site, version, infos, k) -> new SiteView(site, version, infos,
                        infos.stream().limit(k).map(MemberInfo::address).toList()));
    }

    private static Arbitrary<Destination> targets() {
        return Arbitraries.oneOf(members().map(Destination.Member::new), sites().map(UuidAddress::siteMaster)
                .map(Destination.Member::new), sites().map(Destination.Site::new));
    }

    private static Arbitrary<UuidAddress> members() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), text(), sites(),
                        Arbitraries.of(0, UuidAddress.CAN_BECOME_SITE_MASTER))
                .as((msb, lsb, name, site, flags) -> UuidAddress.siteUuid(new UUID(msb, lsb), name, site, flags));
    }

    private static Arbitrary<String> sites() {
        return Arbitraries.oneOf(Arbitraries.of("nyc", "sfc", "lon", "s\u00e9", "\uD83D\uDE00"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10).filter(s -> !s.isBlank());
    }

    /** Stand-ins for DER certificates: the codec carries them as opaque bytes. */
    private static Arbitrary<byte[]> certificateBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(600);
    }

    private static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    }

    /** A DATA element before it is put on a route. */
    private record Element(long epoch, long seq, long lowestUnacked, EncodedBody body) {
        Envelope.Data on(Route route) {
            return new Envelope.Data(route, epoch, seq, lowestUnacked, body);
        }
    }
}
