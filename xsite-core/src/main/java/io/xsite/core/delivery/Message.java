package io.xsite.core.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.WireStrings;
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
 * <p>A message a member received may hold its payload in the buffer it arrived in (a retained slice of the
 * frame; members whose {@link DeliveryConfig#keptPayloadBytes()} asks for it, such as a relay node's): a
 * site master then passes the bytes on to the next connection without copying them out and in again.
 * Such a message owns its buffer until {@link #close()}: the member closes it once its listeners
 * returned, so {@link #payload()} (which copies the bytes out, once) must be read during the listener
 * call, or a listener takes a reference of its own ({@link #payloadBuffer()}, retained). It is confined
 * to the thread that handles it. A message built from an array holds no buffer; closing it does nothing.
 *
 * <p>A value: two messages are equal when sender, destination, headers and payload content are.
 */
public final class Message implements AutoCloseable {
    /** Most headers one message carries. */
    public static final int MAX_HEADERS = 64;
    /** Most bytes the headers of one message take on the wire, keys and values together. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Most payload bytes any message can carry; {@link DeliveryConfig#maxMessageBytes()} is usually lower. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private final UuidAddress sender;
    private final UuidAddress destination;
    private final Map<String, String> headers;
    /** The payload as an array: given, or copied out of {@link #buffer} when first asked for. */
    private byte[] payload;
    /** The payload in the buffer it arrived in, owned until {@link #close()}; null when built from an array. */
    private ByteBuf buffer;
    private final int payloadLength;
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
        this(sender, destination, headers, Objects.requireNonNull(payload, "payload"), null, payload.length);
    }

    private Message(UuidAddress sender, UuidAddress destination, Map<String, String> headers, byte[] payload,
                    ByteBuf buffer, int payloadLength) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.destination = destination;
        this.payload = payload;
        this.buffer = buffer;
        this.payloadLength = payloadLength;
        Objects.requireNonNull(headers, "headers");
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("too many headers: " + headers.size() + " > " + MAX_HEADERS);
        }
        if (headers.isEmpty()) { // most messages carry none: skip the iterators
            this.headers = Map.of();
            this.headerBytes = 0;
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
        if (payloadLength > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload too large: " + payloadLength + " > " + MAX_PAYLOAD_BYTES);
        }
    }

    /**
     * A message whose payload is the readable bytes of {@code payload}; takes ownership of it (released by
     * {@link #close()}, or at once when the message is refused).
     *
     * @throws IllegalArgumentException as {@link #Message(UuidAddress, UuidAddress, Map, byte[])} does
     */
    public static Message inBuffer(UuidAddress sender, UuidAddress destination, Map<String, String> headers,
                                   ByteBuf payload) {
        Objects.requireNonNull(payload, "payload");
        try {
            return new Message(sender, destination, headers, null, payload, payload.readableBytes());
        } catch (RuntimeException e) {
            payload.release();
            throw e;
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

    /**
     * The application bytes; shared, do not modify. A payload held in a buffer is copied out at the first
     * call, which must come before the message is closed.
     *
     * @throws IllegalStateException if the payload was in a buffer, not read, and the message is closed
     */
    public byte[] payload() {
        if (payload == null) {
            if (buffer == null) {
                throw new IllegalStateException("payload of " + this + " read after the message was closed");
            }
            payload = ByteBufUtil.getBytes(buffer);
        }
        return payload;
    }

    /** Bytes of the payload. */
    public int payloadLength() {
        return payloadLength;
    }

    /**
     * The payload as a buffer; borrowed: valid until the message is closed, so a caller that keeps it (or
     * hands it to {@code Member.send}, which takes ownership) retains it first, e.g. with
     * {@code retainedDuplicate()}. The buffer the message arrived in, or the payload array wrapped.
     */
    public ByteBuf payloadBuffer() {
        return buffer != null ? buffer : Unpooled.wrappedBuffer(payload());
    }

    /** Writes the payload at {@code out}'s writer index; borrows {@code out}, and reads a buffer without moving it. */
    public void writePayload(ByteBuf out) {
        if (buffer != null) {
            out.writeBytes(buffer, buffer.readerIndex(), payloadLength);
        } else {
            out.writeBytes(payload());
        }
    }

    /**
     * Releases the buffer the payload is held in, if any (once: later calls do nothing); a payload read
     * before stays readable. Called by whoever holds the message last: the member after its listeners, the
     * reliable stream once the message is acknowledged or given up.
     */
    @Override
    public void close() {
        ByteBuf held = buffer;
        if (held != null) {
            buffer = null;
            held.release();
        }
    }

    /** A message without headers. */
    public static Message of(UuidAddress sender, UuidAddress destination, byte[] payload) {
        return new Message(sender, destination, Map.of(), payload);
    }

    /** Bytes the message counts for in a delivery window: payload plus headers in wire form. */
    public int size() {
        return payloadLength + headerBytes;
    }

    /** Wire bytes of this message's headers (each key and value as a {@link WireStrings} string). */
    public int headerBytes() {
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
                && headers.equals(m.headers) && Arrays.equals(payload(), m.payload());
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, destination, headers, Arrays.hashCode(payload()));
    }

    @Override
    public String toString() {
        return "Message[" + sender + " -> " + (destination == null ? "everyone" : destination) + ", headers="
                + headers.keySet() + ", " + payloadLength + " bytes]";
    }
}
