package io.xsite.relay.probe;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a GET on {@code /probe} asks: {@code /probe?keys=view,metrics&scope=site|all&timeout=MILLIS}.
 * Every parameter may be left out (no keys, the node's site, {@link #DEFAULT_TIMEOUT}).
 *
 * @param keys    the entries every member adds to its header
 * @param scope   whose members are asked
 * @param timeout how long the node waits for the answers; at most {@link #MAX_TIMEOUT}
 */
public record ProbeQuery(Set<ProbeKey> keys, Scope scope, Duration timeout) {
    /** The path of the probe on a node's admin endpoint. */
    public static final String PATH = "/probe";
    /** How long the node waits for answers unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** The longest wait a query may ask for, so that one GET cannot hold a request open for long. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    /** Whose members a probe asks. */
    public enum Scope {
        /** Every member of the node's site. */
        SITE,
        /** Every member of every site that is known. */
        ALL;

        /** The scope as the query writes it: {@code site} or {@code all}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ProbeQuery {
        Objects.requireNonNull(keys, "keys");
        keys = Collections.unmodifiableSet(keys.isEmpty() ? EnumSet.noneOf(ProbeKey.class) : EnumSet.copyOf(keys));
        Objects.requireNonNull(scope, "scope");
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most " + MAX_TIMEOUT.toSeconds()
                    + "s: " + timeout);
        }
    }

    /**
     * The query of a GET's parameters (name to values, as the admin endpoint decodes them); keys may be
     * comma-separated, repeated, or both.
     *
     * @throws IllegalArgumentException naming the parameter and what is wrong with it
     */
    public static ProbeQuery fromParameters(Map<String, List<String>> parameters) {
        for (String name : parameters.keySet()) {
            if (!List.of("keys", "scope", "timeout").contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; parameters are keys, scope "
                        + "and timeout, e.g. " + PATH + "?keys=view,metrics&scope=all&timeout=2000");
            }
        }
        Set<ProbeKey> keys = EnumSet.noneOf(ProbeKey.class);
        for (String value : parameters.getOrDefault("keys", List.of())) {
            for (String key : value.split(",", -1)) {
                if (!key.isBlank()) {
                    keys.add(ProbeKey.parse(key));
                }
            }
        }
        return new ProbeQuery(keys, scope(single(parameters, "scope", Scope.SITE.text())),
                timeout(single(parameters, "timeout", String.valueOf(DEFAULT_TIMEOUT.toMillis()))));
    }

    /** The URI of this query on the admin endpoint at {@code host}:{@code port}. */
    public URI uri(String host, int port) {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String keyList = keys.stream().map(ProbeKey::text).collect(Collectors.joining(","));
        return URI.create("http://" + hostPart + ":" + port + PATH + "?keys="
                + URLEncoder.encode(keyList, StandardCharsets.UTF_8) + "&scope=" + scope.text()
                + "&timeout=" + timeout.toMillis());
    }

    /** The request every asked member gets. */
    ProbeRequest request() {
        return new ProbeRequest(keys);
    }

    private static String single(Map<String, List<String>> parameters, String name, String absent) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new IllegalArgumentException("parameter '" + name + "' given " + values.size() + " times");
        }
        return values.isEmpty() ? absent : values.get(0);
    }

    private static Scope scope(String text) {
        for (Scope scope : Scope.values()) {
            if (scope.text().equalsIgnoreCase(text)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("scope '" + text + "' is neither site nor all");
    }

    private static Duration timeout(String text) {
        try {
            return Duration.ofMillis(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timeout '" + text + "' is not a number of milliseconds, e.g. 2000");
        }
    }
}
