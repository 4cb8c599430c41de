package io.xsite.cli.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A second environment variable for a key, under a name that existing deployments already set (the
 * JGroups images' {@code TUNNEL_INITIAL_HOSTS}, {@code DNS_QUERY}, ...), possibly in a syntax of its own.
 * The key's own variable wins when both are set.
 *
 * @param variable the variable's name, as it is set
 * @param key      the key it sets
 * @param type     how its text becomes the key's value (a different syntax than the key's may apply)
 * @param example  a valid value in this variable's syntax, quoted in error messages
 * @param <R>      the configuration record
 * @param <T>      the key's value type
 */
public record EnvironmentAlias<R, T>(String variable, ConfigKey<R, T> key, ValueType<T> type, String example) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    public EnvironmentAlias {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(example, "example");
        if (variable == null || !NAME.matcher(variable).matches()) {
            throw new IllegalArgumentException("environment variables are upper case: " + variable);
        }
    }

    /** An alias in the key's own syntax. */
    public static <R, T> EnvironmentAlias<R, T> of(String variable, ConfigKey<R, T> key, String example) {
        return new EnvironmentAlias<>(variable, key, key.type(), example);
    }
}
