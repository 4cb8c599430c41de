package io.xsite.grid.resp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link Reply} values as RESP2 or RESP3 ({@code HELLO 3}). The formats differ only in maps
 * ({@code %n} in RESP3, a flat array of {@code 2n} items in RESP2) and in nulls ({@code _} in RESP3,
 * {@code $-1} or {@code *-1} in RESP2):
 *
 * <pre>
 *   +OK\r\n   -ERR text\r\n   :42\r\n   $3\r\nfoo\r\n   *2\r\n(item)(item)   %1\r\n(key)(value)   _\r\n
 * </pre>
 */
final class ReplyWriter {
    private static final byte[] CRLF = {'\r', '\n'};

    private ReplyWriter() {
    }

    /** Appends {@code reply} in protocol {@code version} (2 or 3) to {@code out}, which the caller owns. */
    static void write(Reply reply, int version, ByteBuf out) {
        if (reply instanceof Reply.Simple simple) {
            line(out, '+', simple.text());
        } else if (reply instanceof Reply.Error error) {
            line(out, '-', error.text());
        } else if (reply instanceof Reply.Int integer) {
            header(out, ':', integer.value());
        } else if (reply instanceof Reply.Bulk bulk) {
            header(out, '$', bulk.bytes().length);
            out.writeBytes(bulk.bytes()).writeBytes(CRLF);
        } else if (reply == Reply.NullBulk.INSTANCE) {
            nothing(out, version, '$');
        } else if (reply == Reply.NullArray.INSTANCE) {
            nothing(out, version, '*');
        } else if (reply instanceof Reply.Array array) {
            header(out, '*', array.items().size());
            array.items().forEach(item -> write(item, version, out));
        } else if (reply instanceof Reply.MapReply map) {
            int items = map.keysAndValues().size();
            header(out, version >= 3 ? '%' : '*', version >= 3 ? items / 2 : items);
            map.keysAndValues().forEach(item -> write(item, version, out));
        } else {
            throw new IllegalStateException("unknown reply " + reply);
        }
    }

    private static void nothing(ByteBuf out, int version, char resp2Type) {
        if (version >= 3) {
            out.writeByte('_').writeBytes(CRLF);
        } else {
            header(out, resp2Type, -1);
        }
    }

    private static void line(ByteBuf out, char type, String text) {
        out.writeByte(type);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }

    private static void header(ByteBuf out, char type, long number) {
        out.writeByte(type);
        out.writeCharSequence(Long.toString(number), StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
    }
}
