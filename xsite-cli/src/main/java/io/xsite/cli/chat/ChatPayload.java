package io.xsite.cli.chat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat message as it travels in a relay message's payload:
 *
 * <pre>
 * +------+--------------------------+
 * | kind | text (UTF-8, rest of it) |
 * +------+--------------------------+
 *   1 B
 * </pre>
 *
 * A payload whose first byte is no known kind is not a chat message (other services may send
 * messages too) and is left alone.
 *
 * @param kind what the message is
 * @param text a line typed, or for a {@link Kind#RESPONSE} the line it answers
 */
public record ChatPayload(Kind kind, String text) {
    /** What a chat message is; the code is its first byte on the wire. */
    public enum Kind {
        /** A line sent to everyone; every receiver prints it and answers with a {@link #RESPONSE}. */
        LINE(1),
        /** The answer to a {@link #LINE}, unicast to its sender; it carries the line it answers. */
        RESPONSE(2),
        /** A line sent to one member ({@code sendto}); printed, not answered. */
        DIRECT(3);

        private final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        private static Optional<Kind> of(byte code) {
            return Arrays.stream(values()).filter(kind -> kind.code == code).findFirst();
        }
    }

    public ChatPayload {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** The wire form: the kind's code, then the text in UTF-8. */
    public byte[] encode() {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[1 + utf8.length];
        payload[0] = kind.code;
        System.arraycopy(utf8, 0, payload, 1, utf8.length);
        return payload;
    }

    /** The chat message in {@code payload} (borrowed, not modified), or empty if it is not one. */
    public static Optional<ChatPayload> decode(byte[] payload) {
        if (payload.length == 0) {
            return Optional.empty();
        }
        // Malformed UTF-8 becomes U+FFFD: a garbled line is still worth printing.
        return Kind.of(payload[0]).map(kind ->
                new ChatPayload(kind, new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8)));
    }
}
