package io.xsite.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.core.internal.delivery.DeliveryMessage.Ack;
import io.xsite.core.internal.delivery.DeliveryMessage.Data;
import io.xsite.wire.gossip.WireArbitraries;
import io.xsite.core.delivery.Message;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.DoubleRange;

/** Round trips of every delivery frame, and decoding of truncated and random input. */
class DeliveryCodecPropertiesTest {
    private static final UuidAddress SENDER = UuidAddress.siteUuid(new UUID(1, 1), "sender", "nyc", 0);
    private static final UuidAddress RECEIVER = UuidAddress.siteUuid(new UUID(2, 2), "receiver", "nyc", 0);
    private final DeliveryCodec codec = new DeliveryCodec();

    @Property(tries = 100)
    void anUnknownDestinationIsMalformed(@ForAll @IntRange(min = 2, max = 255) int destination) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.encode(new Data(1, 1, 1, Parcel.oneWay(Message.of(SENDER, null, new byte[0]))), buf);
            buf.setByte(8 + 8 + 8 + 1, destination);
            assertThatThrownBy(() -> codec.decode(DeliveryCodec.DATA, buf, SENDER, RECEIVER))
                    .isInstanceOf(MalformedFrameException.class).hasMessageContaining("destination");
        } finally {
            buf.release();
        }
    }

    @Property(tries = 500)
    void everyFrameSurvivesARoundTrip(@ForAll("frames") DeliveryMessage frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.encode(frame, buf);
            assertThat(buf.readableBytes()).isEqualTo(DeliveryCodec.encodedSize(frame));
            assertThat(decode(frame, buf)).isEqualTo(frame);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Property(tries = 300)
    void aTruncatedFrameIsMalformed(@ForAll("frames") DeliveryMessage frame,
                                    @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double keep) {
        ByteBuf full = Unpooled.buffer();
        codec.encode(frame, full);
        ByteBuf truncated = full.slice(0, (int) (full.readableBytes() * keep));
        try {
            assertThatThrownBy(() -> decode(frame, truncated))
                    .isInstanceOf(MalformedFrameException.class);
        } finally {
            full.release();
        }
    }

    @Property(tries = 200)
    void trailingBytesAreMalformed(@ForAll("frames") DeliveryMessage frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.encode(frame, buf);
            buf.writeByte(0);
            assertThatThrownBy(() -> decode(frame, buf))
                    .isInstanceOf(MalformedFrameException.class);
        } finally {
            buf.release();
        }
    }

    @Property(tries = 1000)
    void randomBytesDecodeOrFailAsMalformed(@ForAll @IntRange(min = 0x1E, max = 0x41) int type,
                                            @ForAll("garbage") byte[] garbage) {
        ByteBuf in = Unpooled.wrappedBuffer(garbage);
        try {
            codec.decode(type, in, SENDER, RECEIVER);
        } catch (MalformedFrameException expected) {
            // The only acceptable failure: anything else would be a decoder bug.
        } finally {
            in.release();
        }
    }

    @Property(tries = 300)
    void aCorruptedByteDecodesOrFailsAsMalformed(@ForAll("frames") DeliveryMessage frame,
                                                 @ForAll @IntRange(min = 0, max = 10_000) int position,
                                                 @ForAll byte value) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.encode(frame, buf);
            buf.setByte(position % buf.readableBytes(), value);
            decode(frame, buf);
        } catch (MalformedFrameException expected) {
            // Either a valid frame (the byte was payload, say) or this: never another exception.
        } finally {
            buf.release();
        }
    }

    @Property(tries = 300)
    void aSequenceNumberBeyondTheMaximumIsMalformed(@ForAll("frames") DeliveryMessage frame,
                                                    @ForAll("unreceivableSequences") long seq) {
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.encode(frame, buf);
            // seq follows the 8-byte epoch in both layouts; a DATA frame's lowestUnacked follows it.
            buf.setLong(8, seq);
            if (frame instanceof Data) {
                buf.setLong(16, 1);
            }
            assertThatThrownBy(() -> decode(frame, buf)).isInstanceOf(MalformedFrameException.class);
        } finally {
            buf.release();
        }
    }

    @Provide
    Arbitrary<Long> unreceivableSequences() {
        return Arbitraries.oneOf(Arbitraries.longs().between(DeliveryMessage.MAX_SEQUENCE + 1, Long.MAX_VALUE),
                Arbitraries.longs().between(Long.MIN_VALUE, -1),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, DeliveryMessage.MAX_SEQUENCE + 1));
    }

    /** Decodes {@code buf} as the receiver of {@code frame} would: with the envelope's sender, at its destination. */
    private DeliveryMessage decode(DeliveryMessage frame, ByteBuf buf) {
        if (!(frame instanceof Data data)) {
            return codec.decode(DeliveryCodec.ACK, buf, SENDER, RECEIVER);
        }
        Message message = data.parcel().message();
        UuidAddress receiver = message.destination() == null ? RECEIVER : message.destination();
        return codec.decode(DeliveryCodec.DATA, buf, message.sender(), receiver);
    }

    @Provide
    Arbitrary<DeliveryMessage> frames() {
        Arbitrary<Long> longs = Arbitraries.longs();
        Arbitrary<Long> seqs = Arbitraries.longs().between(1, DeliveryMessage.MAX_SEQUENCE);
        Arbitrary<Ack> acks = Combinators.combine(longs, Arbitraries.longs().between(0, DeliveryMessage.MAX_SEQUENCE))
                .as(Ack::new);
        // lowestUnacked = seq - back, clamped to 1: both ends of the range and everything between.
        Arbitrary<Long> back = Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), seqs);
        Arbitrary<Data> data = Combinators.combine(longs, seqs, back, parcels())
                .as((epoch, seq, behind, parcel) -> new Data(epoch, seq, Math.max(1, seq - behind), parcel));
        return Arbitraries.oneOf(acks, data);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    private static Arbitrary<Parcel> parcels() {
        Arbitrary<UuidAddress> members = WireArbitraries.uuidAddresses();
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(
                Arbitraries.strings().all().ofMaxLength(12), Arbitraries.strings().all().ofMaxLength(20)).ofMaxSize(5);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<Message> messages = Combinators.combine(members, members.injectNull(0.4), headers, payloads)
                .as(Message::new);
        Arbitrary<Parcel.Kind> kinds = Arbitraries.of(Parcel.Kind.class);
        return Combinators.combine(kinds, Arbitraries.longs().between(1, Long.MAX_VALUE), messages)
                .as((kind, id, message) -> new Parcel(kind, kind == Parcel.Kind.ONE_WAY ? 0 : id, message));
    }
}
