package io.xsite.bench.relay;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The payloads of the relay benchmark, the same bytes for both systems: a kind byte, a stream id and a
 * number (the chat round, or a stream's sequence number starting at 1), padded with zeros to the
 * requested size. The stream id keeps late deliveries of an earlier scenario (a stream that stalled)
 * out of the next scenario's counts.
 * Every member answers a {@link #CHAT} line with a {@link #REPLY} carrying the same round to the line's
 * sender, as the chat demo does.
 */
final class BenchPayload {
    /** A chat line to everyone; every member answers it. */
    static final byte CHAT = 1;
    /** The answer to a chat line. */
    static final byte REPLY = 2;
    /** A numbered message of a stream. */
    static final byte DATA = 3;
    /** Bytes of the kind, the stream and the number every payload starts with. */
    static final int HEADER_BYTES = 1 + Integer.BYTES + Long.BYTES;
    private static final AtomicInteger STREAMS = new AtomicInteger();

    private BenchPayload() {
    }

    /** A stream id not used before in this JVM. */
    static int nextStream() {
        return STREAMS.incrementAndGet();
    }

    /** A new payload of {@code size} bytes (at least {@link #HEADER_BYTES}). */
    static byte[] of(byte kind, int stream, long number, int size) {
        if (size < HEADER_BYTES) {
            throw new IllegalArgumentException("payload size must be at least " + HEADER_BYTES + ": " + size);
        }
        byte[] payload = new byte[size];
        ByteBuffer.wrap(payload).put(kind).putInt(stream).putLong(number);
        return payload;
    }

    /** The reply to the chat line {@code line} starts at {@code offset} of (borrowed). */
    static byte[] replyTo(byte[] line, int offset) {
        return of(REPLY, stream(line, offset), number(line, offset), HEADER_BYTES);
    }

    /** The kind of the payload that starts at {@code offset} of {@code bytes} (borrowed). */
    static byte kind(byte[] bytes, int offset) {
        return bytes[offset];
    }

    /** The stream id of the payload that starts at {@code offset} of {@code bytes} (borrowed). */
    static int stream(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset + 1, Integer.BYTES).getInt();
    }

    /** The number of the payload that starts at {@code offset} of {@code bytes} (borrowed). */
    static long number(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset + 1 + Integer.BYTES, Long.BYTES).getLong();
    }

    /** Whether the payload at {@code offset} of {@code bytes} is a {@link #DATA} message of {@code stream}. */
    static boolean isData(byte[] bytes, int offset, int stream) {
        return kind(bytes, offset) == DATA && stream(bytes, offset) == stream;
    }
}
