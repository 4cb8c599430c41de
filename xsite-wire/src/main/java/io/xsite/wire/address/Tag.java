package io.xsite.wire.address;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One key/value pair of a JGroups {@code ExtendedUUID}. Keys and values are raw bytes on the wire; they
 * are held as ISO-8859-1 text so that every byte maps to one character and survives a round trip.
 *
 * @param key   1 to 255 bytes as ISO-8859-1 text
 * @param value up to 255 bytes as ISO-8859-1 text; {@code null} when absent (an empty value is absent)
 */
public record Tag(String key, String value) {
    /** Longest key or value in bytes (one length byte). */
    public static final int MAX_BYTES = 0xFF;

    public Tag {
        Objects.requireNonNull(key, "key");
        checkBytes("key", key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty tag key");
        }
        if (value != null) {
            checkBytes("value", value);
            if (value.isEmpty()) {
                value = null;
            }
        }
    }

    private static void checkBytes(String what, String text) {
        if (text.length() > MAX_BYTES || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("tag " + what + " is not 1 to 255 single-byte characters");
        }
    }
}
