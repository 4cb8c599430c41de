package io.xsite.cli.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every key of one configuration record, the environment prefix of its variables, and how a record is
 * built from a complete set of values.
 *
 * @param environmentPrefix prefix of every environment variable, such as {@code XSITE_ROUTER_}
 * @param keys              the record's keys, in the order help and errors list them
 * @param factory           builds the record; may throw {@link IllegalArgumentException} for values
 *                          that are valid alone but not together
 * @param <R>               the configuration record
 */
public record ConfigSchema<R>(String environmentPrefix, List<ConfigKey<R, ?>> keys,
                              Function<ConfigValues<R>, R> factory) {
    public ConfigSchema {
        Objects.requireNonNull(environmentPrefix, "environmentPrefix");
        Objects.requireNonNull(factory, "factory");
        keys = List.copyOf(keys);
        Set<String> names = new HashSet<>();
        for (ConfigKey<R, ?> key : keys) {
            if (!names.add(key.name())) {
                throw new IllegalArgumentException("duplicate key: " + key.name());
            }
        }
    }

    /** The key called {@code name}, if there is one. */
    public Optional<ConfigKey<R, ?>> key(String name) {
        return keys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The key whose {@link ConfigKey#flag()} is {@code flag}, if there is one. */
    public Optional<ConfigKey<R, ?>> keyForFlag(String flag) {
        return keys.stream().filter(k -> k.flag().equals(flag)).findFirst();
    }
}
