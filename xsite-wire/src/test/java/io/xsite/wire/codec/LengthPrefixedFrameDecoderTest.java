package io.xsite.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Frames cut into reads at any place come out whole and in order, with or without their length; bad
 * lengths fail at once; every buffer is released.
 */
class LengthPrefixedFrameDecoderTest {
    private static final int MAX_BODY = 100_000;

    @Property(tries = 300)
    void framesCutAnywhereComeOutWholeAndInOrder(@ForAll("bodies") List<byte[]> bodies, @ForAll long seed,
                                                 @ForAll boolean keepLength) {
        EmbeddedChannel channel = new EmbeddedChannel(new LengthPrefixedFrameDecoder(MAX_BODY, keepLength));
        byte[] stream = framed(bodies);
        for (ByteBuf read : cut(stream, new Random(seed))) {
            channel.writeInbound(read);
        }

        List<byte[]> received = drain(channel);
        assertThat(received).hasSameSizeAs(bodies);
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(received.get(i)).isEqualTo(keepLength ? framed(List.of(bodies.get(i))) : bodies.get(i));
        }
        assertThat(channel.finish()).isFalse();
    }

    @Property(tries = 300)
    void randomBytesGiveFramesOrOneFailureAndNothingLeaks(@ForAll("garbage") byte[] garbage, @ForAll long seed) {
        EmbeddedChannel channel = new EmbeddedChannel(new LengthPrefixedFrameDecoder(1_000, false));
        List<ByteBuf> reads = cut(garbage, new Random(seed));
        List<Throwable> failures = new ArrayList<>();
        for (ByteBuf read : reads) {
            try {
                channel.writeInbound(read);
            } catch (CorruptedFrameException | TooLongFrameException e) {
                failures.add(e);
            }
        }
        assertThat(failures).hasSizeLessThanOrEqualTo(1);
        drain(channel).forEach(frame -> assertThat(frame.length).isLessThanOrEqualTo(1_000));
        channel.finish();
        // Netty's shared empty buffer never reaches zero: only reads with bytes count.
        assertThat(reads).filteredOn(read -> read.capacity() > 0).allSatisfy(read -> assertThat(read.refCnt()).isZero());
    }

    @Test
    void aLengthAboveTheLimitFailsBeforeTheBodyArrives() {
        EmbeddedChannel channel = new EmbeddedChannel(new LengthPrefixedFrameDecoder(1024, false));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00000401"))))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("1025").hasMessageContaining("1024");
        channel.finish();
    }

    @Test
    void aNegativeLengthIsCorruptEvenWhenItArrivesInPieces() {
        EmbeddedChannel channel = new EmbeddedChannel(new LengthPrefixedFrameDecoder(1024, true));
        channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0000000100ff")));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("fffffe"))))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("negative");
        assertThat(drain(channel)).containsExactly(ByteBufUtil.decodeHexDump("0000000100"));
        channel.finish();
    }

    @Test
    void afterAFailureTheRestOfTheStreamIsDropped() {
        EmbeddedChannel channel = new EmbeddedChannel(new LengthPrefixedFrameDecoder(8, false));
        ByteBuf after = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00000001aa"));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("7fffffff"))))
                .isInstanceOf(TooLongFrameException.class);
        channel.writeInbound(after);
        assertThat(drain(channel)).isEmpty();
        assertThat(after.refCnt()).isZero();
        channel.finish();
    }

    @Test
    void aFrameCutOffByTheEndOfTheStreamIsReleased() {
        EmbeddedChannel channel = new EmbeddedChannel(new LengthPrefixedFrameDecoder(1024, false));
        channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00000010aabbcc")));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void frameOfTheLongestAllowedLengthPassesThroughAReadOfOneByteAtATime() {
        int max = 70_000;
        byte[] body = new byte[max];
        new Random(7).nextBytes(body);
        EmbeddedChannel channel = new EmbeddedChannel(new LengthPrefixedFrameDecoder(max, false));
        for (byte b : framed(List.of(body))) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(drain(channel)).containsExactly(body);
        channel.finish();
    }

    @Provide
    Arbitrary<List<byte[]>> bodies() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3_000).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(5_000);
    }

    /** The bytes of each body after its 4-byte length. */
    private static byte[] framed(List<byte[]> bodies) {
        ByteBuf out = Unpooled.buffer();
        for (byte[] body : bodies) {
            out.writeInt(body.length).writeBytes(body);
        }
        return ByteBufUtil.getBytes(out);
    }

    /** {@code stream} cut into reads of random lengths (empty ones included). */
    private static List<ByteBuf> cut(byte[] stream, Random random) {
        List<ByteBuf> reads = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int length = Math.min(stream.length - at, random.nextInt(random.nextBoolean() ? 8 : 2_000));
            reads.add(Unpooled.copiedBuffer(stream, at, length));
            at += length;
        }
        return reads;
    }

    /** The frames passed on so far, as arrays, each buffer released. */
    private static List<byte[]> drain(EmbeddedChannel channel) {
        List<byte[]> frames = new ArrayList<>();
        for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            frames.add(ByteBufUtil.getBytes(frame));
            frame.release();
        }
        return frames;
    }
}
