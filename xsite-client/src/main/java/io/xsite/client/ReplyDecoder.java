package io.xsite.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server's bytes into {@link RespValue}s (RESP2):
 *
 * <pre>
 *   +OK\r\n                       simple string          -ERR syntax error\r\n   error
 *   :42\r\n                       integer                $5\r\nhello\r\n       bulk string ($-1: null)
 *   *2\r\n :1\r\n $1\r\nx\r\n       array of 2 (*-1: null)
 * </pre>
 *
 * <p>A reply is parsed only once all of it arrived: each attempt starts at the reader index and, when the
 * bytes end early, leaves them in the cumulation for the next read. Bounded before anything is set aside
 * ({@link ReplyLimits}): a line longer than {@code maxLineBytes}, an array longer than {@code maxElements}
 * or nested deeper than {@code maxDepth}, a bulk length or an incomplete reply past {@code maxReplyBytes}
 * fail the connection at once ({@link TooLongFrameException}, {@link CorruptedFrameException}, after which
 * every further byte is dropped); a bulk
 * string's array is allocated only when its bytes are all there. Replies are small in this client's use, so
 * a reply split across many reads is parsed again from its start each time rather than resumed.
 *
 * <p>Confined to its channel's event loop, like every decoder.
 */
final class ReplyDecoder extends ByteToMessageDecoder {
    /** What {@link #value} returns when the reply is not complete yet. */
    private static final RespValue INCOMPLETE = new RespValue.Simple("incomplete");

    private final ReplyLimits limits;
    private boolean failed;

    ReplyDecoder(ReplyLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeReplies(in, out);
        } catch (DecoderException e) {
            // The stream is broken past repair: drop the rest, which the channel's closing would decode again.
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeReplies(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            RespValue value = value(in, 0);
            if (value == INCOMPLETE) {
                in.readerIndex(start);
                if (in.readableBytes() > limits.maxReplyBytes()) {
                    throw new TooLongFrameException("reply longer than " + limits.maxReplyBytes() + " bytes");
                }
                return;
            }
            if (in.readerIndex() - start > limits.maxReplyBytes()) {
                throw new TooLongFrameException("reply longer than " + limits.maxReplyBytes() + " bytes");
            }
            out.add(value);
        }
    }

    /** The value at the reader index, moving past it; {@link #INCOMPLETE} when its bytes end early. */
    private RespValue value(ByteBuf in, int depth) {
        if (!in.isReadable()) {
            return INCOMPLETE;
        }
        byte type = in.readByte();
        String line = line(in);
        if (line == null) {
            return INCOMPLETE;
        }
        return switch (type) {
            case '+' -> new RespValue.Simple(line);
            case '-' -> new RespValue.Err(line);
            case ':' -> new RespValue.Int(number(line));
            case '$' -> bulk(in, number(line));
            case '*' -> array(in, number(line), depth);
            default -> throw new CorruptedFrameException("unknown reply type " + printable(type));
        };
    }

    private RespValue bulk(ByteBuf in, long length) {
        if (length == -1) {
            return RespValue.Nil.INSTANCE;
        }
        if (length < 0 || length > limits.maxReplyBytes()) {
            throw new TooLongFrameException("bulk string of " + length + " bytes (at most " + limits.maxReplyBytes()
                    + ")");
        }
        if (in.readableBytes() < length + 2) {
            return INCOMPLETE;
        }
        byte[] bytes = new byte[(int) length];
        in.readBytes(bytes);
        if (in.readByte() != '\r' || in.readByte() != '\n') {
            throw new CorruptedFrameException("bulk string not followed by CRLF");
        }
        return new RespValue.Bulk(bytes);
    }

    private RespValue array(ByteBuf in, long count, int depth) {
        if (count == -1) {
            return RespValue.Nil.INSTANCE;
        }
        if (count < 0 || count > limits.maxElements()) {
            throw new TooLongFrameException("array of " + count + " elements (at most " + limits.maxElements() + ")");
        }
        if (depth + 1 > limits.maxDepth()) {
            throw new TooLongFrameException("arrays nested deeper than " + limits.maxDepth());
        }
        // Each element takes at least 3 bytes (":0\r\n" is 4, "+\r\n" 3): no list sized by a count not yet sent.
        List<RespValue> elements = new ArrayList<>((int) Math.min(count, in.readableBytes() / 3 + 1));
        for (long i = 0; i < count; i++) {
            RespValue element = value(in, depth + 1);
            if (element == INCOMPLETE) {
                return INCOMPLETE;
            }
            elements.add(element);
        }
        return new RespValue.Array(elements);
    }

    /** The line at the reader index up to its CRLF, moving past it; null while the CRLF has not arrived. */
    private String line(ByteBuf in) {
        int cr = in.indexOf(in.readerIndex(), Math.min(in.writerIndex(), in.readerIndex() + limits.maxLineBytes() + 1),
                (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > limits.maxLineBytes()) {
                throw new TooLongFrameException("reply line longer than " + limits.maxLineBytes() + " bytes");
            }
            return null;
        }
        if (cr + 1 >= in.writerIndex()) {
            return null;
        }
        if (in.getByte(cr + 1) != '\n') {
            throw new CorruptedFrameException("reply line not ended by CRLF");
        }
        String line = in.toString(in.readerIndex(), cr - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(cr + 2);
        return line;
    }

    /** The decimal number of a header or integer line. */
    private static long number(String line) {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new CorruptedFrameException("not a number: " + line.substring(0, Math.min(line.length(), 32)));
        }
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
    }
}
