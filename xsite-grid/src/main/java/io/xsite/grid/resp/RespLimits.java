package io.xsite.grid.resp;

/**
 * How much one RESP connection may hold. Each length and count a client announces is checked against
 * these before anything is set aside for it; the reply queue stops the reading of a client that does
 * not read its replies.
 *
 * @param maxRequestBytes    the bytes of one request's arguments together (Redis' {@code proto-max-bulk-len},
 *                           512 MiB, bounds each argument; this bounds the request)
 * @param maxArguments       arguments in one request
 * @param maxInlineBytes     one inline command or header line ({@code *3}, {@code $5})
 * @param maxPendingReplies  requests read but not yet answered, beyond which the connection stops reading
 * @param maxReplyBytes      reply bytes written but not yet taken by the client's socket, beyond which the
 *                           connection stops reading: a client may send a long pipeline before it reads any
 *                           reply (Jedis does), as long as the replies fit here
 */
public record RespLimits(int maxRequestBytes, int maxArguments, int maxInlineBytes, int maxPendingReplies,
                         int maxReplyBytes) {
    /**
     * 512 MiB a request (Redis' {@code proto-max-bulk-len}), 1 Mi arguments, 64 KiB lines (Redis' inline limit),
     * 1,024 replies pending, 16 MiB of replies unsent.
     */
    public static final RespLimits DEFAULTS = new RespLimits(512 << 20, 1 << 20, 64 << 10, 1024, 16 << 20);

    /** Checks the limits. */
    public RespLimits {
        if (maxRequestBytes < 1 || maxArguments < 1 || maxInlineBytes < 16 || maxPendingReplies < 1
                || maxReplyBytes < 2) {
            throw new IllegalArgumentException("RESP limits must be positive (lines at least 16 bytes): request "
                    + maxRequestBytes + ", arguments " + maxArguments + ", line " + maxInlineBytes + ", replies "
                    + maxPendingReplies + ", reply bytes " + maxReplyBytes);
        }
    }

    /** These limits with {@code value} bytes a request. */
    public RespLimits withMaxRequestBytes(int value) {
        return new RespLimits(value, maxArguments, maxInlineBytes, maxPendingReplies, maxReplyBytes);
    }

    /** These limits with {@code pending} replies pending and {@code bytes} reply bytes unsent at most. */
    public RespLimits withMaxReplies(int pending, int bytes) {
        return new RespLimits(maxRequestBytes, maxArguments, maxInlineBytes, pending, bytes);
    }
}
