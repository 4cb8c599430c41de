package io.xsite.net.admin;

/**
 * Why an admin endpoint refused a request, as the {@code reason} tag of
 * {@code xsite_admin_requests_refused_total}. Tags are fixed: what a caller sends never adds one.
 */
enum AdminRefusal {
    /** No token, or the wrong one, where a token is configured (401). */
    UNAUTHORIZED("unauthorized"),
    /** A state-changing route where no token is configured (403). */
    NO_TOKEN_CONFIGURED("no_token_configured"),
    /** A rate-limited route beyond the server's rate (429). */
    RATE_LIMITED("rate_limited");

    private final String tag;

    AdminRefusal(String tag) {
        this.tag = tag;
    }

    /** The metric tag value. */
    String tag() {
        return tag;
    }
}
