package io.xsite.client;

/**
 * How much one reply may hold: every length and count a server announces is checked against these before
 * anything is set aside for it, so a broken or hostile server cannot make the client allocate at will.
 *
 * @param maxReplyBytes the bytes of one reply, framing included (a bulk string or a whole array)
 * @param maxElements   elements of one array
 * @param maxLineBytes  one line: a simple string, an error, an integer or a length header
 * @param maxDepth      arrays nested in arrays
 */
public record ReplyLimits(int maxReplyBytes, int maxElements, int maxLineBytes, int maxDepth) {
    /** 64 MiB a reply, 1 Mi elements an array, 64 KiB a line, 8 levels of arrays. */
    public static final ReplyLimits DEFAULTS = new ReplyLimits(64 << 20, 1 << 20, 64 << 10, 8);

    /** Checks the limits. */
    public ReplyLimits {
        if (maxReplyBytes < 16 || maxElements < 1 || maxLineBytes < 16 || maxDepth < 1) {
            throw new IllegalArgumentException("reply limits must be positive (replies and lines at least 16 bytes): "
                    + "reply " + maxReplyBytes + ", elements " + maxElements + ", line " + maxLineBytes + ", depth "
                    + maxDepth);
        }
    }
}
