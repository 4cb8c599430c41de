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
 */
public record RespLimits(int maxRequestBytes, int maxArguments, int maxInlineBytes, int maxPendingReplies) {
    /** 512 MiB a request, 1 Mi arguments, 64 KiB lines, 1,024 replies pending (see the component docs). */
    public static final RespLimits DEFAULTS = new RespLimits(512 << 20, 1 << 20, 64 << 10, 1024);

    /** Checks the limits. */
    public RespLimits {
        if (maxRequestBytes < 1 || maxArguments < 1 || maxInlineBytes < 16 || maxPendingReplies < 1) {
            throw new IllegalArgumentException("RESP limits must be positive (lines at least 16 bytes): "
                    + maxRequestBytes + ", " + maxArguments + ", " + maxInlineBytes + ", " + maxPendingReplies);
        }
    }

    /** These limits with {@code value} bytes a request. */
    public RespLimits withMaxRequestBytes(int value) {
        return new RespLimits(value, maxArguments, maxInlineBytes, maxPendingReplies);
    }

    /** These limits with {@code value} replies pending at most. */
    public RespLimits withMaxPendingReplies(int value) {
        return new RespLimits(maxRequestBytes, maxArguments, maxInlineBytes, value);
    }
}
