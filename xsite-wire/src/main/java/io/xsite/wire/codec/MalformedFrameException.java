package io.xsite.wire.codec;

import io.netty.handler.codec.DecoderException;

/**
 * A frame whose content breaks the wire format: a length or count out of bounds, an unknown type or
 * flag, or fewer bytes than a field announces. Only the connection that sent it is affected.
 */
public class MalformedFrameException extends DecoderException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception naming the field and the offending value. */
    public MalformedFrameException(String field, long value) {
        super("malformed " + field + ": " + value);
    }

    /** Creates an exception with a free-form reason. */
    public MalformedFrameException(String reason) {
        super(reason);
    }

    /**
     * Throws unless {@code count} bytes (or elements of at least one byte each) can still be read
     * and {@code count} lies within {@code [0, max]}. Called before anything is allocated.
     */
    public static int checkCount(String field, int count, int max, int readable) {
        if (count < 0 || count > max || count > readable) {
            throw new MalformedFrameException(field, count);
        }
        return count;
    }
}
