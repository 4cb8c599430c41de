package io.xsite.grid.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One RESP reply, independent of the protocol version: {@link ReplyWriter} writes it as RESP2 or RESP3
 * (a {@link MapReply} is a map in RESP3 and a flat array in RESP2; the nulls are {@code _} in RESP3).
 */
sealed interface Reply {
    /** {@code +OK}. */
    Reply OK = new Simple("OK");

    /** A bulk string of {@code text} in UTF-8. */
    static Reply bulk(String text) {
        return new Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An error; {@code text} starts with its code ({@code ERR}, {@code WRONGTYPE}, {@code NOAUTH}, ...). */
    static Reply error(String text) {
        return new Error(text);
    }

    /** {@code ERR wrong number of arguments for 'name' command}, as Redis names commands (lower case). */
    static Reply wrongArity(String name) {
        return new Error("ERR wrong number of arguments for '" + name + "' command");
    }

    /** A status line ({@code +PONG}); must not hold CR or LF. */
    record Simple(String text) implements Reply {
        public Simple {
            requireOneLine(text);
        }
    }

    /** An error line ({@code -ERR ...}); CR and LF are replaced by spaces, as Redis does. */
    record Error(String text) implements Reply {
        public Error {
            text = text.replace('\r', ' ').replace('\n', ' ');
        }
    }

    /** An integer ({@code :42}). */
    record Int(long value) implements Reply { }

    /** A binary-safe string ({@code $3\r\nfoo\r\n}); the array is not copied. */
    record Bulk(byte[] bytes) implements Reply {
        public Bulk {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** Nothing where a bulk string was expected ({@code $-1}, RESP3 {@code _}). */
    enum NullBulk implements Reply { INSTANCE }

    /** Nothing where an array was expected ({@code *-1}, RESP3 {@code _}). */
    enum NullArray implements Reply { INSTANCE }

    /** An array of replies. */
    record Array(List<Reply> items) implements Reply {
        public Array {
            items = List.copyOf(items);
        }
    }

    /** Key/value pairs: a RESP3 map, a flat array of key, value, key, value in RESP2. */
    record MapReply(List<Reply> keysAndValues) implements Reply {
        public MapReply {
            keysAndValues = List.copyOf(keysAndValues);
            if (keysAndValues.size() % 2 != 0) {
                throw new IllegalArgumentException("a map needs pairs: " + keysAndValues.size() + " items");
            }
        }
    }

    private static void requireOneLine(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a status line cannot hold CR or LF: " + text);
        }
    }
}
