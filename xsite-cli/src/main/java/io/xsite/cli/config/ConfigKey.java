package io.xsite.cli.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One setting of a configuration record. Its {@code name} is the key in the YAML file
 * ({@code max-frame-bytes}), the long flag without dashes ({@code --max-frame-bytes}) and, upper-cased
 * with {@code _} for {@code -} after the schema's prefix, the environment variable
 * ({@code XSITE_ROUTER_MAX_FRAME_BYTES}).
 *
 * <p>A name with a section, {@code admin.token-file}, is a setting every command shares, named the same
 * wherever it is read: the variable is {@code XSITE_} and the whole name ({@code XSITE_ADMIN_TOKEN_FILE}, whatever
 * the command's prefix, so that one variable in a pod serves every command run there), the flag is the name with
 * {@code -} for {@code .} ({@code --admin-token-file}), and the YAML file has it under its section
 * ({@code admin:} then {@code token-file:}) or as the dotted key.
 *
 * @param name    lower-case words joined by {@code -}, optionally after a section and {@code .}
 * @param type    how the value is written as text
 * @param getter  reads the value from a record, to take defaults and examples from it
 * @param example a valid value that error messages quote; null = the default, which suits every key
 *                whose default is a value rather than "none"
 * @param <R>     the configuration record
 * @param <T>     the value's Java type
 */
public record ConfigKey<R, T>(String name, ValueType<T> type, Function<R, T> getter, String example) {
    private static final String WORDS = "[a-z][a-z0-9]*(-[a-z0-9]+)*";
    private static final Pattern NAME = Pattern.compile("(" + WORDS + "\\.)?" + WORDS);
    /** The prefix of the variables of shared keys (those with a section). */
    private static final String SHARED_PREFIX = "XSITE_";

    public ConfigKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(getter, "getter");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key names are lower-case words joined by '-', optionally after a "
                    + "section and '.': " + name);
        }
    }

    /** A key whose error messages quote its default as the example. */
    public ConfigKey(String name, ValueType<T> type, Function<R, T> getter) {
        this(name, type, getter, null);
    }

    /**
     * The environment variable for this key under {@code prefix}: {@code XSITE_ROUTER_} + {@code PORT}; for a
     * shared key {@code XSITE_} + the whole name, whatever the prefix.
     */
    public String environmentName(String prefix) {
        return (section().isPresent() ? SHARED_PREFIX : prefix)
                + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** The long flag for this key: {@code --} + name, with {@code -} for the {@code .} after a section. */
    public String flag() {
        return "--" + name.replace('.', '-');
    }

    /** The section of a shared key ({@code admin} of {@code admin.token-file}); empty for a command's own key. */
    public Optional<String> section() {
        int dot = name.indexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(name.substring(0, dot));
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
