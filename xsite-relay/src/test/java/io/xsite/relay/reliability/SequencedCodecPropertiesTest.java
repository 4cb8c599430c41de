package io.xsite.relay.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.core.address.AddressCodec;
import io.xsite.core.address.UuidAddress;
import io.xsite.core.codec.MalformedFrameException;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Round trips of {@link Sequenced} and {@link Ack}, and decoding of truncated, corrupted and random input. */
class SequencedCodecPropertiesTest {

    @Property(tries = 500)
    void everySequencedSurvivesARoundTrip(@ForAll("sequenced") Sequenced element) {
        ByteBuf buf = Unpooled.buffer();
        try {
            SequencedCodec.encode(element, buf);
            buf.writeByte(0x7F);
            assertThat(buf.readableBytes()).isEqualTo(SequencedCodec.encodedSize(element) + 1);
            assertThat(SequencedCodec.decodeSequenced(buf)).usingRecursiveComparison().isEqualTo(element);
            assertThat(buf.readableBytes()).as("the rest of the envelope is left alone").isEqualTo(1);
        } finally {
            buf.release();
        }
    }

    @Property(tries = 500)
    void everyAckSurvivesARoundTrip(@ForAll("acks") Ack ack) {
        ByteBuf buf = Unpooled.buffer();
        try {
            SequencedCodec.encode(ack, buf);
            assertThat(buf.readableBytes()).isEqualTo(SequencedCodec.encodedSize(ack));
            assertThat(SequencedCodec.decodeAck(buf)).isEqualTo(ack);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Property(tries = 300)
    void aTruncatedSequencedIsMalformed(@ForAll("sequenced") Sequenced element,
                                        @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double keep) {
        ByteBuf full = Unpooled.buffer();
        SequencedCodec.encode(element, full);
        ByteBuf truncated = full.slice(0, (int) (full.readableBytes() * keep));
        try {
            assertThatThrownBy(() -> SequencedCodec.decodeSequenced(truncated)).isInstanceOf(MalformedFrameException.class);
        } finally {
            full.release();
        }
    }

    @Property(tries = 300)
    void aTruncatedAckIsMalformed(@ForAll("acks") Ack ack,
                                  @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double keep) {
        ByteBuf full = Unpooled.buffer();
        SequencedCodec.encode(ack, full);
        ByteBuf truncated = full.slice(0, (int) (full.readableBytes() * keep));
        try {
            assertThatThrownBy(() -> SequencedCodec.decodeAck(truncated)).isInstanceOf(MalformedFrameException.class);
        } finally {
            full.release();
        }
    }

    @Property(tries = 500)
    void aCorruptedByteDecodesOrFailsAsMalformed(@ForAll("sequenced") Sequenced element, @ForAll int position,
                                                 @ForAll byte value) {
        ByteBuf buf = Unpooled.buffer();
        try {
            SequencedCodec.encode(element, buf);
            buf.setByte(Math.floorMod(position, buf.readableBytes()), value);
            decodesOrFailsAsMalformed(buf.duplicate(), SequencedCodec::decodeSequenced);
            decodesOrFailsAsMalformed(buf.duplicate(), SequencedCodec::decodeAck);
        } finally {
            buf.release();
        }
    }

    @Property(tries = 1000)
    void randomBytesDecodeOrFailAsMalformed(@ForAll("garbage") byte[] garbage) {
        ByteBuf in = Unpooled.wrappedBuffer(garbage);
        try {
            decodesOrFailsAsMalformed(in.duplicate(), SequencedCodec::decodeSequenced);
            decodesOrFailsAsMalformed(in.duplicate(), SequencedCodec::decodeAck);
        } finally {
            in.release();
        }
    }

    private static void decodesOrFailsAsMalformed(ByteBuf in, Function<ByteBuf, ?> decoder) {
        try {
            assertThat(decoder.apply(in)).isNotNull();
        } catch (MalformedFrameException expected) {
            // The only acceptable failure: anything else would be a decoder bug.
        }
    }

    @Provide
    Arbitrary<Sequenced> sequenced() {
        Arbitrary<Long> seqs = Arbitraries.longs().between(1, Long.MAX_VALUE);
        return Combinators.combine(members(), destinations(), epochs(), seqs, Arbitraries.doubles().between(0, 1),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as((origin, to, epoch, seq, fraction, body) ->
                        new Sequenced(origin, to, epoch, seq, Math.min(seq, Math.max(1, (long) (seq * fraction))),
                                body));
    }

    @Provide
    Arbitrary<Ack> acks() {
        return Combinators.combine(members(), destinations(), epochs(), Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as(Ack::new);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        // Plausible prefixes (a member address, a destination tag) reach deeper into the decoder.
        Arbitrary<byte[]> prefixed = Combinators.combine(members(), Arbitraries.of(1, 2, 3), random)
                .as((origin, tag, tail) -> {
                    ByteBuf buf = Unpooled.buffer();
                    try {
                        AddressCodec.encode(origin, buf);
                        buf.writeByte(tag);
                        buf.writeBytes(tail);
                        return ByteBufUtil.getBytes(buf);
                    } finally {
                        buf.release();
                    }
                });
        return Arbitraries.oneOf(random, prefixed);
    }

    private static Arbitrary<Long> epochs() {
        return Arbitraries.longs().filter(epoch -> epoch != 0);
    }

    private static Arbitrary<Destination> destinations() {
        Arbitrary<Destination> member = members().map(Destination.Member::new);
        Arbitrary<Destination> site = Arbitraries.strings().ofMinLength(1).ofMaxLength(20)
                .filter(name -> !name.isBlank()).map(Destination.Site::new);
        return Arbitraries.oneOf(member, site);
    }

    private static Arbitrary<UuidAddress> members() {
        Arbitrary<UuidAddress> plain = Arbitraries.longs().tuple2()
                .map(bits -> UuidAddress.uuid(new UUID(bits.get1(), bits.get2())));
        Arbitrary<UuidAddress> inSite = Combinators.combine(Arbitraries.longs().tuple2(),
                        Arbitraries.strings().alpha().ofMaxLength(10), Arbitraries.strings().ofMaxLength(10),
                        Arbitraries.integers().between(0, 3))
                .as((bits, name, site, flags) -> UuidAddress.siteUuid(new UUID(bits.get1(), bits.get2()), name, site,
                        flags));
        return Arbitraries.oneOf(plain, inSite);
    }
}
