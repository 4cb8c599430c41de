package io.xsite.net.admin;

/**
 * How often an admin endpoint serves its rate-limited routes ({@link AdminRoute#rateLimited()}): a token
 * bucket that refills at {@code permitsPerSecond} and holds at most {@code burst} permits.
 *
 * @param permitsPerSecond the sustained rate, above zero
 * @param burst            the most requests served at once after a quiet spell, at least 1
 */
public record RateLimit(double permitsPerSecond, int burst) {
    /** Five requests a second with bursts of ten: an operator's probes and a dashboard, never a flood. */
    public static final RateLimit DEFAULT = new RateLimit(5, 10);

    public RateLimit {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive: " + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
    }
}
