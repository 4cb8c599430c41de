package io.xsite.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The reply decoder: round trips however the bytes are split, truncation, random bytes, and its limits. */
class ReplyDecoderProperties {
    private static final ReplyLimits SMALL = new ReplyLimits(4096, 64, 256, 4);

    @Property(tries = 300)
    void everyReplyDecodesAsSentHoweverTheBytesAreSplit(@ForAll("replies") @Size(max = 8) List<RespValue> replies,
                                                        @ForAll @IntRange(min = 1, max = 40) int chunk) {
        byte[] wire = encode(replies);
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyDecoder(ReplyLimits.DEFAULTS));
        List<ByteBuf> sent = new ArrayList<>();
        for (int from = 0; from < wire.length; from += chunk) {
            ByteBuf buf = Unpooled.copiedBuffer(wire, from, Math.min(chunk, wire.length - from));
            sent.add(buf);
            channel.writeInbound(buf);
        }
        List<RespValue> decoded = new ArrayList<>();
        RespValue value;
        while ((value = channel.readInbound()) != null) {
            decoded.add(value);
        }
        channel.finishAndReleaseAll();
        assertThat(decoded).isEqualTo(replies);
        assertThat(sent).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }

    @Property(tries = 300)
    void aTruncatedReplyYieldsNothingYet(@ForAll("reply") RespValue reply, @ForAll @IntRange(min = 1) int cut) {
        byte[] wire = encode(List.of(reply));
        int keep = wire.length - 1 - cut % wire.length;
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyDecoder(ReplyLimits.DEFAULTS));
        channel.writeInbound(Unpooled.copiedBuffer(wire, 0, keep));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.copiedBuffer(wire, keep, wire.length - keep));
        assertThat((RespValue) channel.readInbound()).isEqualTo(reply);
        channel.finishAndReleaseAll();
    }

    @Property(tries = 500)
    void randomBytesDecodeOrFailAsADecoderErrorOnly(@ForAll @Size(max = 300) byte[] noise,
                                                    @ForAll("prefixes") String prefix) {
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyDecoder(SMALL));
        // A buffer of its own even when empty: an empty copiedBuffer is the shared EMPTY_BUFFER, never released.
        ByteBuf buf = Unpooled.buffer(prefix.length() + noise.length + 1).writeBytes(prefix.getBytes(UTF_8))
                .writeBytes(noise);
        try {
            channel.writeInbound(buf);
        } catch (DecoderException expected) {
            assertThat(expected).isInstanceOf(DecoderException.class);
        } finally {
            channel.finishAndReleaseAll();
        }
        assertThat(buf.refCnt()).isZero();
    }

    @Example
    void aBulkLengthAboveTheLimitFailsBeforeItsBytesArrive() {
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyDecoder(SMALL));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.copiedBuffer("$2147483647\r\n", UTF_8)))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("bulk string of 2147483647 bytes");
        channel.finishAndReleaseAll();
    }

    @Example
    void anArrayBeyondTheLimitsFails() {
        EmbeddedChannel tooLong = new EmbeddedChannel(new ReplyDecoder(SMALL));
        assertThatThrownBy(() -> tooLong.writeInbound(Unpooled.copiedBuffer("*1000000000\r\n", UTF_8)))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("elements");
        tooLong.finishAndReleaseAll();
        EmbeddedChannel tooDeep = new EmbeddedChannel(new ReplyDecoder(SMALL));
        assertThatThrownBy(() -> tooDeep.writeInbound(Unpooled.copiedBuffer("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",
                UTF_8))).isInstanceOf(TooLongFrameException.class).hasMessageContaining("nested");
        tooDeep.finishAndReleaseAll();
    }

    @Example
    void aLineWithoutItsEndFailsOnceLongerThanTheLimit() {
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyDecoder(SMALL));
        channel.writeInbound(Unpooled.copiedBuffer("+" + "x".repeat(200), UTF_8));
        assertThat((Object) channel.readInbound()).isNull();
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.copiedBuffer("x".repeat(100), UTF_8)))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("line longer than 256");
        channel.finishAndReleaseAll();
    }

    @Example
    void nullsAndErrorsDecode() {
        EmbeddedChannel channel = new EmbeddedChannel(new ReplyDecoder(SMALL));
        channel.writeInbound(Unpooled.copiedBuffer("$-1\r\n*-1\r\n-CLUSTERDOWN no majority\r\n", UTF_8));
        assertThat((RespValue) channel.readInbound()).isEqualTo(RespValue.Nil.INSTANCE);
        assertThat((RespValue) channel.readInbound()).isEqualTo(RespValue.Nil.INSTANCE);
        assertThat(((RespValue.Err) channel.readInbound()).code()).isEqualTo("CLUSTERDOWN");
        channel.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<List<RespValue>> replies() {
        return nested(3).list();
    }

    @Provide
    Arbitrary<RespValue> reply() {
        return nested(3);
    }

    /** Replies with arrays at most {@code depth} deep (the limit is 8). */
    private static Arbitrary<RespValue> nested(int depth) {
        Arbitrary<RespValue> flat = Arbitraries.oneOf(
                line().map(RespValue.Simple::new),
                line().map(RespValue.Err::new),
                Arbitraries.longs().map(RespValue.Int::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(RespValue.Bulk::new),
                Arbitraries.just(RespValue.Nil.INSTANCE));
        return depth == 0 ? flat : Arbitraries.frequencyOf(
                Tuple.of(4, flat),
                Tuple.of(1, nested(depth - 1).list().ofMaxSize(4).map(RespValue.Array::new)));
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("", "+", "-", ":", "$", "*", "$5\r\n", "*2\r\n", "*1\r\n$3\r\n", ":-");
    }

    private static Arbitrary<String> line() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '-', '_').ofMaxLength(30);
    }

    /** The wire form of {@code replies}, written independently of the decoder. */
    private static byte[] encode(List<RespValue> replies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        replies.forEach(reply -> write(reply, out));
        return out.toByteArray();
    }

    private static void write(RespValue value, ByteArrayOutputStream out) {
        if (value instanceof RespValue.Simple s) {
            out.writeBytes(("+" + s.text() + "\r\n").getBytes(UTF_8));
        } else if (value instanceof RespValue.Err e) {
            out.writeBytes(("-" + e.message() + "\r\n").getBytes(UTF_8));
        } else if (value instanceof RespValue.Int i) {
            out.writeBytes((":" + i.value() + "\r\n").getBytes(UTF_8));
        } else if (value instanceof RespValue.Nil) {
            out.writeBytes("$-1\r\n".getBytes(UTF_8));
        } else if (value instanceof RespValue.Bulk b) {
            out.writeBytes(("$" + b.bytes().length + "\r\n").getBytes(UTF_8));
            out.writeBytes(b.bytes());
            out.writeBytes("\r\n".getBytes(UTF_8));
        } else if (value instanceof RespValue.Array a) {
            out.writeBytes(("*" + a.elements().size() + "\r\n").getBytes(UTF_8));
            a.elements().forEach(element -> write(element, out));
        }
    }
}
