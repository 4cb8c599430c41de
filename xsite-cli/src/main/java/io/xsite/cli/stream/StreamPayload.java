package io.xsite.cli.stream;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One message of a numbered stream ({@code xsite stream}) as it travels in a relay message's payload:
 *
 * <pre>
 * offset 0    1      2           10     18       26
 *        +----+------+-----------+------+--------+
 *        | 'S'| kind | stream id | seq  | count  |
 *        +----+------+-----------+------+--------+
 *          1B   1B     8B          8B     8B        (big-endian)
 * </pre>
 *
 * The marker byte {@code 'S'} (0x53) is no chat kind, so a chat service leaves stream messages alone and a
 * stream receiver leaves chat messages alone; a payload of another length or marker is not a stream message.
 *
 * @param kind   what the message is
 * @param stream the stream's id, random per run of the sender, so two runs from one sender stay apart
 * @param seq    for {@link Kind#NUMBER} its number, 1 to {@code count}; for {@link Kind#COMPLETE} {@code count}
 * @param count  how many numbers the stream has, 1 to {@link #MAX_COUNT}
 */
public record StreamPayload(Kind kind, long stream, long seq, long count) {
    /** The largest stream a receiver accounts for (a bit per number). */
    public static final long MAX_COUNT = 10_000_000;
    /** The encoded size of every stream message. */
    static final int SIZE = 26;
    private static final byte MARKER = 'S';

    /** What a stream message is; the code is its second byte on the wire. */
    public enum Kind {
        /** Number {@code seq} of the stream, sender to receiver. */
        NUMBER(1),
        /** Receiver to sender: every number of the stream has arrived here. */
        COMPLETE(2);

        private final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }
    }

    public StreamPayload {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("stream count must be 1 to " + MAX_COUNT + ": " + count);
        }
        if (seq < 1 || seq > count) {
            throw new IllegalArgumentException("stream number must be 1 to " + count + ": " + seq);
        }
    }

    /** Number {@code seq} of {@code count} in stream {@code stream}. */
    public static StreamPayload number(long stream, long seq, long count) {
        return new StreamPayload(Kind.NUMBER, stream, seq, count);
    }

    /** The receiver's confirmation that all {@code count} numbers of {@code stream} arrived. */
    public static StreamPayload complete(long stream, long count) {
        return new StreamPayload(Kind.COMPLETE, stream, count, count);
    }

    /** The wire form, {@value #SIZE} bytes. */
    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).put(MARKER).put(kind.code).putLong(stream).putLong(seq).putLong(count)
                .array();
    }

    /**
     * The stream message in {@code payload} (borrowed, not modified), or empty if it is none: another
     * service's payload, or one whose fields are out of range.
     */
    public static Optional<StreamPayload> decode(byte[] payload) {
        if (payload.length != SIZE || payload[0] != MARKER) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(payload, 1, SIZE - 1);
        byte code = in.get();
        Kind kind = code == Kind.NUMBER.code ? Kind.NUMBER : code == Kind.COMPLETE.code ? Kind.COMPLETE : null;
        long stream = in.getLong();
        long seq = in.getLong();
        long count = in.getLong();
        if (kind == null || count < 1 || count > MAX_COUNT || seq < 1 || seq > count) {
            return Optional.empty();
        }
        return Optional.of(new StreamPayload(kind, stream, seq, count));
    }
}
