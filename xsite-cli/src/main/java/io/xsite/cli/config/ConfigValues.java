package io.xsite.cli.config;

import java.util.Map;

/**
 * A complete set of parsed values, one per key of a {@link ConfigSchema}, handed to its factory.
 *
 * @param <R> the configuration record
 */
public final class ConfigValues<R> {
    private final Map<ConfigKey<R, ?>, Object> values;

    ConfigValues(Map<ConfigKey<R, ?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    /** The value of {@code key}. */
    public <T> T get(ConfigKey<R, T> key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no value for key " + key.name());
        }
        // The loader stores only what key.type() parsed, or key.getter() read, so the cast holds.
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }
}
