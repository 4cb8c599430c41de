package io.xsite.relay.routing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach sites that share no bridge with this one: envelopes for a site matching {@code to} go
 * to the site masters of {@code gateway}, a site that does.
 *
 * @param to      regular expression over site names (matched against the whole name)
 * @param gateway the site to hand such envelopes to
 */
public record ForwardRule(Pattern to, String gateway) {
    public ForwardRule {
        Objects.requireNonNull(to, "to");
        if (gateway == null || gateway.isBlank()) {
            throw new IllegalArgumentException("gateway must not be empty");
        }
    }

    /** A rule from a regular expression in text form. */
    public static ForwardRule of(String to, String gateway) {
        return new ForwardRule(Pattern.compile(to), gateway);
    }

    /** Whether this rule applies to {@code site}. */
    public boolean matches(String site) {
        return to.matcher(site).matches();
    }
}
