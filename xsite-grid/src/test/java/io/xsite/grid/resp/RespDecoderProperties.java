package io.xsite.grid.resp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * {@link RespDecoder} on requests split anywhere, truncated, garbage and announced sizes far over its limits:
 * it never throws, never passes on more than its limits allow, and ends a bad stream with one violation.
 */
class RespDecoderProperties {
    /** Small limits, so that random input reaches them. */
    private static final RespLimits LIMITS = new RespLimits(4096, 64, 256, 16, 1 << 16);

    @Property(tries = 200)
    void requestsSplitAnywhereDecodeToTheirArguments(@ForAll("requests") List<List<byte[]>> requests,
                                                     @ForAll @IntRange(min = 1, max = 64) int chunk) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        requests.forEach(request -> wire.writeBytes(encode(request)));
        List<Object> decoded = feed(wire.toByteArray(), chunk);
        assertThat(decoded).hasSameSizeAs(requests);
        for (int i = 0; i < requests.size(); i++) {
            List<byte[]> sent = requests.get(i);
            assertThat(decoded.get(i)).isInstanceOfSatisfying(RespFrame.Request.class,
                    request -> assertThat(request.arguments()).usingElementComparator(Arrays::compare)
                            .containsExactlyElementsOf(sent));
        }
    }

    @Property(tries = 200)
    void aTruncatedRequestIsNeitherPassedOnNorRefused(@ForAll("request") List<byte[]> request,
                                                       @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] whole = encode(request);
        byte[] truncated = Arrays.copyOf(whole, cut % whole.length);
        assertThat(feed(truncated, 7)).isEmpty();
    }

    @Property(tries = 300)
    void garbageEndsInAtMostOneViolationAndNothingOverTheLimits(@ForAll("garbage") byte[] input,
                                                                @ForAll @IntRange(min = 1, max = 97) int chunk) {
        List<Object> decoded = feed(input, chunk);
        for (int i = 0; i < decoded.size(); i++) {
            Object frame = decoded.get(i);
            if (frame instanceof RespFrame.Violation) {
                assertThat(i).as("a violation ends the stream").isEqualTo(decoded.size() - 1);
            } else {
                RespFrame.Request request = (RespFrame.Request) frame;
                assertThat(request.arguments()).hasSizeLessThanOrEqualTo(LIMITS.maxArguments());
                assertThat(request.bytes()).isLessThanOrEqualTo(LIMITS.maxRequestBytes());
            }
        }
    }

    @Property(tries = 100)
    void announcedSizesOverTheLimitsAreRefusedBeforeTheirBytes(
            @ForAll @LongRange(min = 4097, max = 999_999_999_999_999_999L) long length,
            @ForAll @LongRange(min = 65, max = 999_999_999_999_999_999L) long count) {
        assertThat(feed(("*2\r\n$3\r\nGET\r\n$" + length + "\r\n").getBytes(ISO_8859_1), 1000))
                .containsExactly(new RespFrame.Violation("Protocol error: invalid bulk length", "bulk_length"));
        assertThat(feed(("*" + count + "\r\n").getBytes(ISO_8859_1), 1000))
                .containsExactly(new RespFrame.Violation("Protocol error: invalid multibulk length", "array_length"));
    }

    @Property(tries = 50)
    void aHeaderLineWithoutEndIsRefusedAtTheLineLimit(@ForAll @IntRange(min = 257, max = 4000) int digits) {
        assertThat(feed(("*" + "1".repeat(digits)).getBytes(ISO_8859_1), 50))
                .containsExactly(new RespFrame.Violation("Protocol error: too big mbulk count string", "line_too_long"));
    }

    @Provide
    Arbitrary<List<byte[]>> request() {
        Arbitrary<byte[]> argument = Arbitraries.bytes().array(byte[].class).ofMaxSize(100);
        return argument.list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<List<byte[]>>> requests() {
        return request().list().ofMinSize(1).ofMaxSize(10);
    }

    /** Random bytes, bytes made of RESP's own characters, and valid requests with bytes changed. */
    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> resp = Arbitraries.of((byte) '*', (byte) '$', (byte) '\r', (byte) '\n', (byte) '-',
                (byte) '0', (byte) '1', (byte) '3', (byte) '9', (byte) 'a', (byte) ' ', (byte) '"')
                .array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> mutated = Combinators.combine(request(), Arbitraries.integers().between(0, 1000),
                Arbitraries.bytes()).as((request, at, value) -> {
                    byte[] bytes = encode(request);
                    bytes[at % bytes.length] = value;
                    return bytes;
                });
        return Arbitraries.oneOf(random, resp, mutated);
    }

    private static byte[] encode(List<byte[]> arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + arguments.size() + "\r\n").getBytes(ISO_8859_1));
        for (byte[] argument : arguments) {
            out.writeBytes(("$" + argument.length + "\r\n").getBytes(ISO_8859_1));
            out.writeBytes(argument);
            out.writeBytes("\r\n".getBytes(ISO_8859_1));
        }
        return out.toByteArray();
    }

    /** Feeds {@code input} in chunks of {@code chunk} bytes; returns what the decoder passed on. */
    private static List<Object> feed(byte[] input, int chunk) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(LIMITS));
        try {
            for (int from = 0; from < input.length; from += chunk) {
                channel.writeInbound(Unpooled.copiedBuffer(input, from, Math.min(chunk, input.length - from)));
            }
            List<Object> out = new ArrayList<>();
            for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
                out.add(frame);
            }
            return out;
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
