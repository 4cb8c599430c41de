package io.xsite.net.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * Who may use an admin endpoint, and how often. With a token, every route but the Kubernetes probes
 * ({@code /health}, {@code /ready}) needs it; without one, the read-only routes are open and routes that change
 * state are refused. Rate-limited routes draw on one bucket per server.
 *
 * @param token     the bearer token; empty = none configured
 * @param rateLimit the bucket of the rate-limited routes
 */
public record AdminAccess(Optional<AdminToken> token, RateLimit rateLimit) {
    /** No token (read-only routes open, state-changing routes refused) and {@link RateLimit#DEFAULT}. */
    public static final AdminAccess OPEN = new AdminAccess(Optional.empty(), RateLimit.DEFAULT);

    public AdminAccess {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** This access with {@code value} as the token. */
    public AdminAccess withToken(AdminToken value) {
        return new AdminAccess(Optional.of(value), rateLimit);
    }

    /** This access with {@code value} as the rate limit. */
    public AdminAccess withRateLimit(RateLimit value) {
        return new AdminAccess(token, value);
    }
}
