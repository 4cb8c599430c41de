package io.xsite.cli.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One setting of a configuration record. Its {@code name} is the key in the YAML file
 * ({@code max-frame-bytes}), the long flag without dashes ({@code --max-frame-bytes}) and, upper-cased
 * with {@code _} for {@code -} after the schema's prefix, the environment variable
 * ({@code XSITE_ROUTER_MAX_FRAME_BYTES}).
 *
 * @param name    lower-case words joined by {@code -}
 * @param type    how the value is written as text
 * @param getter  reads the value from a record, to take defaults and examples from it
 * @param example a valid value that error messages quote; null = the default, which suits every key
 *                whose default is a value rather than "none"
 * @param <R>     the configuration record
 * @param <T>     the value's Java type
 */
public record ConfigKey<R, T>(String name, ValueType<T> type, Function<R, T> getter, String example) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public ConfigKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(getter, "getter");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key names are lower-case words joined by '-': " + name);
        }
    }

    /** A key whose error messages quote its default as the example. */
    public ConfigKey(String name, ValueType<T> type, Function<R, T> getter) {
        this(name, type, getter, null);
    }

    /** The environment variable for this key under {@code prefix}: {@code XSITE_ROUTER_} + {@code PORT}. */
    public String environmentName(String prefix) {
        return prefix + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The long flag for this key: {@code --} + name. */
    public String flag() {
        return "--" + name;
    }

    /** This key's value in {@code config}, as text {@link ValueType#parse} accepts. */
    public String formatFrom(R config) {
        return type.format(getter.apply(config));
    }

    /** The value error messages quote as one that works: {@link #example()}, else the default in {@code defaults}. */
    public String exampleFrom(R defaults) {
        return example != null ? example : formatFrom(defaults);
    }
}
