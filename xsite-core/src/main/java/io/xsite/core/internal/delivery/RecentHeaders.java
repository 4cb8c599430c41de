package io.xsite.core.internal.delivery;

import static io.xsite.wire.codec.WireStrings.requireReadable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.codec.ByteRegions;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.codec.WireStrings;
import io.xsite.core.delivery.Message;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Message headers in wire form ({@code count(1) | (key(string) value(string)) x count}), remembering the
 * last header map seen: relay traffic carries the same marker header on every message, and encoding it
 * and decoding it into new strings and maps per message and per hop (with counting its size, about 5% of
 * the relay benchmark's time with 64-byte messages) is work a remembered map saves. A map is recognised by
 * identity when encoded and by its bytes when decoded; anything else is encoded or decoded as usual and
 * becomes the one remembered.
 *
 * <p>One per {@link DeliveryCodec}, so per member: the members of a JVM share no memory. A member's frames
 * are encoded where its transport writes them and decoded where they arrive, not always on the member's
 * loop; the remembered pair is immutable (final fields), so a plain field holds it safely: a thread that
 * sees an older pair only encodes or decodes once more, and never sees a half-built one. It holds one
 * map, so it stays small whatever the traffic.
 */
final class RecentHeaders {
    /** The fewest bytes one header takes: two empty strings. */
    private static final int MIN_HEADER_BYTES = 2 * WireStrings.encodedSize("");
    /** What is remembered before anything was: a map no message carries by chance. */
    private static final Known NOTHING = new Known(Map.of("", ""), encode(Map.of("", "")));

    private Known recent = NOTHING;

    /** Writes {@code headers}, count first. */
    void write(Map<String, String> headers, ByteBuf out) {
        if (headers.isEmpty()) {
            out.writeByte(0);
            return;
        }
        Known known = recent;
        if (known.headers != headers) {
            known = remember(headers, encode(headers));
        }
        out.writeBytes(known.wire);
    }

    /**
     * Reads headers (count first), as an immutable map with its wire size; the remembered map itself
     * when the bytes are the same.
     *
     * @throws MalformedFrameException on a bad count, a truncated or null string, a duplicate key, or
     *                                 more than {@link Message#MAX_HEADER_BYTES}
     */
    Map<String, String> read(ByteBuf in) {
        int start = in.readerIndex();
        if (in.isReadable() && in.getByte(start) == 0) {
            in.skipBytes(1);
            return Map.of();
        }
        Known known = recent;
        int length = known.wire.length;
        if (ByteRegions.equals(in, start, known.wire)) {
            in.skipBytes(length);
            return known.headers;
        }
        Map<String, String> headers = decode(in);
        byte[] wire = new byte[in.readerIndex() - start];
        in.getBytes(start, wire);
        remember(headers, wire);
        return headers;
    }

    private Known remember(Map<String, String> headers, byte[] wire) {
        Known known = new Known(headers, wire);
        recent = known;
        return known;
    }

    private static byte[] encode(Map<String, String> headers) {
        ByteBuf out = Unpooled.buffer(64);
        out.writeByte(headers.size());
        headers.forEach((key, value) -> {
            WireStrings.write(key, out);
            WireStrings.write(value, out);
        });
        return Arrays.copyOf(out.array(), out.writerIndex());
    }

    private static Map<String, String> decode(ByteBuf in) {
        requireReadable(in, 1, "header count");
        int count = MalformedFrameException.checkCount("header count", in.readUnsignedByte(), Message.MAX_HEADERS,
                in.readableBytes() / MIN_HEADER_BYTES);
        if (count == 0) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>(count * 2);
        int bytes = 0;
        for (int i = 0; i < count; i++) {
            int start = in.readerIndex();
            String key = WireStrings.read(in, "header key");
            String value = WireStrings.read(in, "header value");
            bytes += in.readerIndex() - start;
            if (key == null || value == null) {
                throw new MalformedFrameException("null header " + key);
            }
            if (bytes > Message.MAX_HEADER_BYTES) {
                throw new MalformedFrameException("header bytes", bytes);
            }
            if (headers.put(key, value) != null) {
                throw new MalformedFrameException("duplicate header " + key);
            }
        }
        return Map.copyOf(headers);
    }

    /** A header map and its wire form, count included. */
    private record Known(Map<String, String> headers, byte[] wire) {
    }
}
