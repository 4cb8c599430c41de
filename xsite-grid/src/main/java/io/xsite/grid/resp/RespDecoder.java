package io.xsite.grid.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a client's bytes into {@link RespFrame.Request}s: RESP arrays of bulk strings, as every client
 * library sends them, and inline commands ({@code PING\r\n}, typed into telnet), as Redis reads them.
 *
 * <pre>
 *   *3\r\n $3\r\nSET\r\n $1\r\nk\r\n $1\r\nv\r\n      an array of 3 bulk strings
 *   SET k "a value"\r\n                            inline, split at blanks, quotes as Redis reads them
 * </pre>
 *
 * <p>Bounded before anything is set aside: a header line ({@code *n}, {@code $n}) or inline command longer
 * than {@link RespLimits#maxInlineBytes()}, a count above {@link RespLimits#maxArguments()} and a length
 * that would take the request past {@link RespLimits#maxRequestBytes()} are refused as soon as they are
 * read, so a {@code $2147483647} costs nothing. A bulk string is copied out only once all of it arrived;
 * until then its bytes wait in the cumulation, which grows with what the client actually sent. The
 * arguments parsed so far are kept between reads, so a request split across reads is not parsed twice.
 * After a violation the decoder passes on one {@link RespFrame.Violation} and drops everything else.
 *
 * <p>Confined to its channel's event loop, like every decoder.
 */
final class RespDecoder extends ByteToMessageDecoder {
    /** {@link #header} found no complete line yet. */
    private static final long INCOMPLETE = Long.MIN_VALUE;
    /** {@link #header} found a line that holds no number. */
    private static final long MALFORMED = Long.MIN_VALUE + 1;
    /** What {@link #inline} returns for a line without words, which Redis ignores (telnet's empty lines). */
    private static final RespFrame BLANK_LINE = new RespFrame.Violation("blank line", "none");

    private final RespLimits limits;
    /** Arguments still to come in the current array; 0 between requests. */
    private int remaining;
    private List<byte[]> arguments;
    private long requestBytes;
    /** The announced length of the bulk string being read, or -1 before its header. */
    private int bulkLength = -1;
    private boolean failed;

    RespDecoder(RespLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        RespFrame frame;
        while ((frame = next(in)) != null) {
            out.add(frame);
            if (frame instanceof RespFrame.Violation) {
                failed = true;
                in.skipBytes(in.readableBytes());
                return;
            }
        }
    }

    /** The next frame in {@code in}, or null when it needs more bytes. */
    private RespFrame next(ByteBuf in) {
        while (in.isReadable()) {
            if (remaining > 0) {
                return bulk(in);
            }
            if (in.getByte(in.readerIndex()) != '*') {
                RespFrame frame = inline(in);
                if (frame == BLANK_LINE) {
                    continue;
                }
                return frame;
            }
            long count = header(in);
            if (count == INCOMPLETE) {
                return in.readableBytes() > limits.maxInlineBytes()
                        ? violation("Protocol error: too big mbulk count string", "line_too_long") : null;
            }
            if (count == MALFORMED || count > limits.maxArguments()) {
                return violation("Protocol error: invalid multibulk length", "array_length");
            }
            if (count > 0) { // An empty (or null) array is no command; Redis ignores it too.
                remaining = (int) count;
                arguments = new ArrayList<>(Math.min(remaining, 16));
                requestBytes = 0;
            }
        }
        return null;
    }

    /** Reads bulk strings of the current array; the request once complete, null when it needs more bytes. */
    private RespFrame bulk(ByteBuf in) {
        while (remaining > 0) {
            if (bulkLength < 0) {
                if (!in.isReadable()) {
                    return null;
                }
                byte type = in.getByte(in.readerIndex());
                if (type != '$') {
                    return violation("Protocol error: expected '$', got '" + printable(type) + "'", "bulk_type");
                }
                long length = header(in);
                if (length == INCOMPLETE) {
                    return in.readableBytes() > limits.maxInlineBytes()
                            ? violation("Protocol error: too big bulk count string", "line_too_long") : null;
                }
                if (length < 0 || length > limits.maxRequestBytes()) {
                    return violation("Protocol error: invalid bulk length", "bulk_length");
                }
                if (requestBytes + length > limits.maxRequestBytes()) {
                    return violation("Protocol error: request larger than " + limits.maxRequestBytes() + " bytes",
                            "too_large");
                }
                bulkLength = (int) length;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] argument = new byte[bulkLength];
            in.readBytes(argument);
            if (in.readByte() != '\r' || in.readByte() != '\n') {
                return violation("Protocol error: bulk string not followed by CRLF", "bulk_end");
            }
            arguments.add(argument);
            requestBytes += bulkLength;
            bulkLength = -1;
            remaining--;
        }
        RespFrame.Request request = new RespFrame.Request(arguments, requestBytes);
        arguments = null;
        return request;
    }

    /** An inline command: one line, split at blanks; null while the line is incomplete, {@link #BLANK_LINE}. */
    private RespFrame inline(ByteBuf in) {
        int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            return in.readableBytes() > limits.maxInlineBytes()
                    ? violation("Protocol error: too big inline request", "line_too_long") : null;
        }
        if (newline - in.readerIndex() > limits.maxInlineBytes()) {
            return violation("Protocol error: too big inline request", "line_too_long");
        }
        String line = in.toString(in.readerIndex(), newline - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(newline + 1);
        List<byte[]> words = InlineSplitter.split(line);
        if (words == null) {
            return violation("Protocol error: unbalanced quotes in request", "inline_quotes");
        }
        if (words.isEmpty()) {
            return BLANK_LINE;
        }
        if (words.size() > limits.maxArguments()) {
            return violation("Protocol error: invalid multibulk length", "array_length");
        }
        return new RespFrame.Request(words, words.stream().mapToLong(w -> w.length).sum());
    }

    /**
     * The number on the header line at the reader index ({@code *3\r\n}, {@code $5\r\n}; after its type byte),
     * moving past the line; {@link #INCOMPLETE} (nothing read) until the line's CRLF arrived, {@link #MALFORMED}
     * for anything but a decimal number of at most 18 digits before a CRLF.
     */
    private static long header(ByteBuf in) {
        int from = in.readerIndex() + 1;
        int cr = in.indexOf(from, in.writerIndex(), (byte) '\r');
        if (cr < 0 || cr + 1 >= in.writerIndex()) {
            return INCOMPLETE;
        }
        long value = in.getByte(cr + 1) == '\n' ? number(in, from, cr) : MALFORMED;
        in.readerIndex(cr + 2);
        return value;
    }

    /** The decimal number in {@code in[from, to)}, or {@link #MALFORMED}. */
    private static long number(ByteBuf in, int from, int to) {
        boolean negative = from < to && in.getByte(from) == '-';
        int start = negative ? from + 1 : from;
        if (start == to || to - start > 18) {
            return MALFORMED;
        }
        long value = 0;
        for (int i = start; i < to; i++) {
            byte digit = in.getByte(i);
            if (digit < '0' || digit > '9') {
                return MALFORMED;
            }
            value = value * 10 + (digit - '0');
        }
        return negative ? -value : value;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    private static RespFrame.Violation violation(String message, String reason) {
        return new RespFrame.Violation(message, reason);
    }
}
