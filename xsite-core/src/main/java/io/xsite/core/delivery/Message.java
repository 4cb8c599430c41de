package io.xsite.core.delivery;

import io.xsite.core.address.UuidAddress;
import io.xsite.core.codec.WireStrings;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One application message: bytes plus optional string headers. Serialising application objects is
 * the caller's business.
 *
 * <p>The payload array is shared, not copied: whoever builds a message hands the array over and must
 * not modify it afterwards, and whoever receives one must not modify it either. Copying every payload
 * on every hop is the cost this avoids. Equality compares the payload's content.
 *
 * <p>A value: two messages are equal when sender, destination, headers and payload content are.
 */
public final class Message {
    /** Most headers one message carries. */
    public static final int MAX_HEADERS = 64;
    /** Most bytes the headers of one message take on the wire, keys and values together. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Most payload bytes any message can carry; {@link DeliveryConfig#maxMessageBytes()} is usually lower. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private final UuidAddress sender;
    private final UuidAddress destination;
    private final Map<String, String> headers;
    private final byte[] payload;
    /** The headers' wire size, counted once: every hop's window accounting and encoding asks for it. */
    private final int headerBytes;

    /**
     * A message.
     *
     * @param sender      the member that sent the message
     * @param destination the member it was sent to, or {@code null} when it was sent to everyone
     * @param headers     application headers, copied; at most {@link #MAX_HEADERS} entries of at most
     *                    {@link #MAX_HEADER_BYTES} bytes in all (wire form of keys and values)
     * @param payload     the application bytes, at most {@link #MAX_PAYLOAD_BYTES}; shared, see above
     */
    public Message(UuidAddress sender, UuidAddress destination, Map<String, String> headers, byte[] payload) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.destination = destination;
        this.payload = Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("too many headers: " + headers.size() + " > " + MAX_HEADERS);
        }
        int knownBytes = headers.isEmpty() ? 0 : RecentHeaders.knownHeaderBytes(headers);
        if (headers.isEmpty()) { // most messages carry none: skip the iterators
            this.headers = Map.of();
            this.headerBytes = 0;
        } else if (knownBytes >= 0) { // the map of the previous message (a relay marker): checked then
            this.headers = headers;
            this.headerBytes = knownBytes;
        } else {
            headers.forEach((key, value) -> {
                if (key == null || value == null) {
                    throw new IllegalArgumentException("header keys and values must not be null: " + key);
                }
            });
            this.headers = Map.copyOf(headers);
            this.headerBytes = headerBytes(this.headers);
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("headers too large: " + headerBytes + " > " + MAX_HEADER_BYTES);
            }
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload too large: " + payload.length + " > " + MAX_PAYLOAD_BYTES);
        }
    }

    /** The member that sent the message. */
    public UuidAddress sender() {
        return sender;
    }

    /** The member it was sent to, or {@code null} when it was sent to everyone. */
    public UuidAddress destination() {
        return destination;
    }

    /** Application headers (unmodifiable). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The application bytes; shared, do not modify. */
    public byte[] payload() {
        return payload;
    }

    /** A message without headers. */
    public static Message of(UuidAddress sender, UuidAddress destination, byte[] payload) {
        return new Message(sender, destination, Map.of(), payload);
    }

    /** Bytes the message counts for in a delivery window: payload plus headers in wire form. */
    public int size() {
        return payload.length + headerBytes;
    }

    /** Wire bytes of this message's headers (each key and value as a {@link WireStrings} string). */
    int headerBytes() {
        return headerBytes;
    }

    /** Wire bytes of the headers: each key and value as a {@link WireStrings} string. */
    private static int headerBytes(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return 0;
        }
        int bytes = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            bytes += WireStrings.encodedSize(header.getKey()) + WireStrings.encodedSize(header.getValue());
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && sender.equals(m.sender) && Objects.equals(destination, m.destination)
                && headers.equals(m.headers) && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, destination, headers, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Message[" + sender + " -> " + (destination == null ? "everyone" : destination) + ", headers="
                + headers.keySet() + ", " + payload.length + " bytes]";
    }
}
