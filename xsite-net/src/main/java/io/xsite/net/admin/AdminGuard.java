package io.xsite.net.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies an {@link AdminAccess} to each request of one admin server, in two steps: {@link #authenticate}
 * before the path is looked up (so that without the token an unknown path and a known one look alike), and
 * {@link #admit} once the route is known. Every refusal counts in
 * {@code xsite_admin_requests_refused_total{reason}}. Confined to the admin server's one event loop (the
 * bucket is plain fields).
 */
final class AdminGuard {
    /** The Kubernetes probes: the kubelet sends no token, so these stay open whatever is configured. */
    static final Set<String> PROBES = Set.of("/health", "/ready");

    private static final String BEARER = "bearer ";

    private final AdminAccess access;
    private final TokenBucket bucket;
    private final Map<AdminRefusal, Counter> refused = new EnumMap<>(AdminRefusal.class);

    AdminGuard(AdminAccess access, TokenBucket bucket, MeterRegistry registry) {
        this.access = access;
        this.bucket = bucket;
        for (AdminRefusal reason : AdminRefusal.values()) {
            refused.put(reason, Counter.builder("xsite.admin.requests.refused")
                    .description("admin requests refused, by reason").tag("reason", reason.tag()).register(registry));
        }
    }

    /**
     * The 401 for a request to {@code path} carrying {@code authorization} (null = no such header), when a
     * token is configured and the request does not carry it; empty when it may go on. A path whose route is
     * {@link AdminRoute#open() open} needs no token.
     */
    Optional<AdminResponse> authenticate(String path, boolean openRoute, String authorization) {
        if (access.token().isEmpty() || openRoute || PROBES.contains(path)
                || access.token().get().matches(bearerToken(authorization))) {
            return Optional.empty();
        }
        refused.get(AdminRefusal.UNAUTHORIZED).increment();
        // RFC 6750 section 3: a request with a token that does not match names the error; one without does not.
        String challenge = authorization == null ? "Bearer realm=\"xsite\""
                : "Bearer realm=\"xsite\", error=\"invalid_token\"";
        return Optional.of(AdminResponse.text(401, "the admin token is required\n")
                .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), challenge));
    }

    /** The 403 or 429 for an authenticated {@code method} request to {@code route}; empty when it may be served. */
    Optional<AdminResponse> admit(AdminRoute route, HttpMethod method) {
        if (route.changesState(method) && access.token().isEmpty()) {
            refused.get(AdminRefusal.NO_TOKEN_CONFIGURED).increment();
            return Optional.of(AdminResponse.text(403, "this route changes state and is served only with an admin "
                    + "token; none is configured (admin.token-file)\n"));
        }
        if (route.rateLimited()) {
            Optional<Duration> wait = bucket.tryAcquire();
            if (wait.isPresent()) {
                refused.get(AdminRefusal.RATE_LIMITED).increment();
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                return Optional.of(AdminResponse.text(429, "too many requests; retry in " + seconds + " s\n")
                        .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), String.valueOf(seconds)));
            }
        }
        return Optional.empty();
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme in any case); null for anything else. */
    private static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }
}
