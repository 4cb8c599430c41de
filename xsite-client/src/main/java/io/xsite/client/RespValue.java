package io.xsite.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One RESP2 reply as the server sent it: what {@link FailoverClient#command} answers. Error replies reach
 * the caller as a failed future ({@link ServerErrorException}), never as a value.
 */
public sealed interface RespValue {

    /** A simple string ({@code +OK}). */
    record Simple(String text) implements RespValue {
        /** Checks the text. */
        public Simple {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An error line ({@code -ERR syntax error}); its first word is the code. */
    record Err(String message) implements RespValue {
        /** Checks the message. */
        public Err {
            Objects.requireNonNull(message, "message");
        }

        /** The code, the message's first word ({@code ERR}, {@code CLUSTERDOWN}, {@code WRONGTYPE}). */
        public String code() {
            int blank = message.indexOf(' ');
            return blank < 0 ? message : message.substring(0, blank);
        }
    }

    /** An integer ({@code :42}). */
    record Int(long value) implements RespValue {
    }

    /** A bulk string ({@code $5 hello}); the array is the reply's own, not copied. */
    record Bulk(byte[] bytes) implements RespValue {
        /** Checks the bytes. */
        public Bulk {
            Objects.requireNonNull(bytes, "bytes");
        }

        /** The bytes as UTF-8 text. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bulk bulk && Arrays.equals(bytes, bulk.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bulk[" + text() + "]";
        }
    }

    /** An array ({@code *2 ...}). */
    record Array(List<RespValue> elements) implements RespValue {
        /** Copies the elements. */
        public Array {
            elements = List.copyOf(elements);
        }
    }

    /** The null bulk string or null array ({@code $-1}, {@code *-1}): no value. */
    record Nil() implements RespValue {
        /** The one null. */
        public static final Nil INSTANCE = new Nil();
    }
}
