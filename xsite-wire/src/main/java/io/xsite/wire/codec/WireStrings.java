package io.xsite.wire.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Strings as JGroups' {@code Bits.writeString} writes them: a presence byte ({@code 0} = null,
 * {@code 1} = present), then Java's {@code writeUTF} form, a 2-byte unsigned length and that many
 * bytes of <em>modified</em> UTF-8 (NUL as {@code C0 80}, supplementary characters as two
 * surrogates of three bytes each).
 *
 * <pre>
 * +----------+-------------+----------------------------+
 * | present  | utf length  | modified UTF-8 bytes       |
 * | 1 byte   | 2 bytes u16 | utf length bytes           |
 * +----------+-------------+----------------------------+
 * </pre>
 */
public final class WireStrings {
    /** The most bytes a {@code writeUTF} body can hold. */
    public static final int MAX_UTF_BYTES = 0xFFFF;

    private WireStrings() {
    }

    /** Writes {@code s} (nullable) to {@code out}; borrows {@code out}. */
    public static void write(String s, ByteBuf out) {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int utfLength = utfLength(s);
        if (utfLength > MAX_UTF_BYTES) {
            throw new IllegalArgumentException("string too long for the wire: " + utfLength + " bytes");
        }
        out.writeByte(1);
        out.writeShort(utfLength);
        if (utfLength == s.length()) {
            // Pure ASCII without NUL: modified UTF-8 is the plain bytes.
            out.writeCharSequence(s, StandardCharsets.US_ASCII);
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                out.writeByte(c);
            } else if (c <= 0x07FF) {
                out.writeByte(0xC0 | ((c >> 6) & 0x1F));
                out.writeByte(0x80 | (c & 0x3F));
            } else {
                out.writeByte(0xE0 | ((c >> 12) & 0x0F));
                out.writeByte(0x80 | ((c >> 6) & 0x3F));
                out.writeByte(0x80 | (c & 0x3F));
            }
        }
    }

    /** Bytes {@link #write} produces for {@code s}, presence byte included. */
    public static int encodedSize(String s) {
        return s == null ? 1 : 3 + utfLength(s);
    }

    /** Reads a nullable string; borrows {@code in}. Never trusts the length field. */
    public static String read(ByteBuf in, String field) {
        requireReadable(in, 1, field);
        byte presence = in.readByte();
        if (presence == 0) {
            return null;
        }
        if (presence != 1) {
            throw new MalformedFrameException(field + " presence byte", presence);
        }
        requireReadable(in, 2, field);
        int length = in.readUnsignedShort();
        requireReadable(in, length, field);
        int start = in.readerIndex();
        if (in.forEachByte(start, length, WireStrings::isPlainAscii) < 0) {
            // All ASCII without NUL (names, sites, clusters): one bulk decode instead of a check per byte.
            in.skipBytes(length);
            return in.toString(start, length, StandardCharsets.US_ASCII);
        }
        char[] chars = new char[length];
        int count = 0;
        int end = in.readerIndex() + length;
        int i = in.readerIndex();
        while (i < end) {
            int b = in.getByte(i) & 0xFF;
            if (b < 0x80) {
                chars[count++] = (char) b;
                i++;
            } else if ((b & 0xE0) == 0xC0) {
                int b2 = continuation(in, i + 1, end, field);
                chars[count++] = (char) (((b & 0x1F) << 6) | b2);
                i += 2;
            } else if ((b & 0xF0) == 0xE0) {
                int b2 = continuation(in, i + 1, end, field);
                int b3 = continuation(in, i + 2, end, field);
                chars[count++] = (char) (((b & 0x0F) << 12) | (b2 << 6) | b3);
                i += 3;
            } else {
                throw new MalformedFrameException(field + " utf byte", b);
            }
        }
        in.readerIndex(end);
        return new String(chars, 0, count);
    }

    private static boolean isPlainAscii(byte b) {
        return b > 0;
    }

    private static int continuation(ByteBuf in, int index, int end, String field) {
        if (index >= end) {
            throw new MalformedFrameException(field + " truncated utf sequence");
        }
        int b = in.getByte(index) & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw new MalformedFrameException(field + " utf continuation byte", b);
        }
        return b & 0x3F;
    }

    /** Throws unless {@code in} still holds {@code bytes} readable bytes. */
    public static void requireReadable(ByteBuf in, int bytes, String field) {
        if (bytes < 0 || in.readableBytes() < bytes) {
            throw new MalformedFrameException(field + " needs " + bytes + " bytes, has " + in.readableBytes());
        }
    }

    private static int utfLength(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += (c >= 0x0001 && c <= 0x007F) ? 1 : (c <= 0x07FF ? 2 : 3);
        }
        return length;
    }
}
