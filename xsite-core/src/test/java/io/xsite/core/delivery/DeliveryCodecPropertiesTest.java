package io.xsite.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.core.address.UuidAddress;
import io.xsite.core.codec.MalformedFrameException;
import io.xsite.core.delivery.DeliveryMessage.Ack;
import io.xsite.core.delivery.DeliveryMessage.Data;
import io.xsite.core.gossip.WireArbitraries;
import java.util.Map;
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

    @Property(tries = 500)
    void everyFrameSurvivesARoundTrip(@ForAll("frames") DeliveryMessage frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            DeliveryCodec.encode(frame, buf);
            assertThat(buf.readableBytes()).isEqualTo(DeliveryCodec.encodedSize(frame));
            assertThat(DeliveryCodec.decode(DeliveryCodec.type(frame), buf)).isEqualTo(frame);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Property(tries = 300)
    void aTruncatedFrameIsMalformed(@ForAll("frames") DeliveryMessage frame,
                                    @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double keep) {
        ByteBuf full = Unpooled.buffer();
        DeliveryCodec.encode(frame, full);
        ByteBuf truncated = full.slice(0, (int) (full.readableBytes() * keep));
        try {
            assertThatThrownBy(() -> DeliveryCodec.decode(DeliveryCodec.type(frame), truncated))
                    .isInstanceOf(MalformedFrameException.class);
        } finally {
            full.release();
        }
    }

    @Property(tries = 200)
    void trailingBytesAreMalformed(@ForAll("frames") DeliveryMessage frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            DeliveryCodec.encode(frame, buf);
            buf.writeByte(0);
            assertThatThrownBy(() -> DeliveryCodec.decode(DeliveryCodec.type(frame), buf))
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
            DeliveryCodec.decode(type, in);
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
            DeliveryCodec.encode(frame, buf);
            buf.setByte(position % buf.readableBytes(), value);
            DeliveryCodec.decode(DeliveryCodec.type(frame), buf);
        } catch (MalformedFrameException expected) {
            // Either a valid frame (the byte was payload, say) or this: never another exception.
        } finally {
            buf.release();
        }
    }

    @Provide
    Arbitrary<DeliveryMessage> frames() {
        Arbitrary<Long> longs = Arbitraries.longs();
        Arbitrary<Long> seqs = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<Ack> acks = Combinators.combine(longs, Arbitraries.longs().between(0, Long.MAX_VALUE))
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
