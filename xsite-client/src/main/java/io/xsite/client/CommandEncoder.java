package io.xsite.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a command as every Redis client sends it, an array of bulk strings:
 *
 * <pre>
 *   *3\r\n  $3\r\nSET\r\n  $1\r\nk\r\n  $1\r\nv\r\n
 *   count    length, bytes, CRLF for each argument
 * </pre>
 */
final class CommandEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private CommandEncoder() {
    }

    /** Appends {@code arguments} to {@code out} (borrowed: the caller owns and releases it). */
    static void encode(List<byte[]> arguments, ByteBuf out) {
        header(out, '*', arguments.size());
        for (byte[] argument : arguments) {
            header(out, '$', argument.length);
            out.writeBytes(argument);
            out.writeBytes(CRLF);
        }
    }

    /** The bytes {@link #encode} writes for {@code arguments}. */
    static int encodedSize(List<byte[]> arguments) {
        int size = headerSize(arguments.size());
        for (byte[] argument : arguments) {
            size += headerSize(argument.length) + argument.length + CRLF.length;
        }
        return size;
    }

    private static void header(ByteBuf out, char type, int number) {
        out.writeByte(type);
        out.writeCharSequence(Integer.toString(number), StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
    }

    private static int headerSize(int number) {
        return 1 + Integer.toString(number).length() + CRLF.length;
    }
}
