package io.xsite.cli.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every key of one configuration record, the environment prefix of its variables, and how a record is
 * built from a complete set of values.
 *
 * @param environmentPrefix prefix of every environment variable, such as {@code XSITE_ROUTER_}
 * @param keys              the record's keys, in the order help and errors list them
 * @param factory           builds the record; may throw {@link IllegalArgumentException} for values
 *                          that are valid alone but not together
 * @param aliases           further environment variables for some keys, weaker than the keys' own
 * @param <R>               the configuration record
 */
public record ConfigSchema<R>(String environmentPrefix, List<ConfigKey<R, ?>> keys,
                              Function<ConfigValues<R>, R> factory, List<EnvironmentAlias<R, ?>> aliases) {
    public ConfigSchema {
        Objects.requireNonNull(environmentPrefix, "environmentPrefix");
        Objects.requireNonNull(factory, "factory");
        keys = List.copyOf(keys);
        aliases = List.copyOf(aliases);
        Set<String> names = new HashSet<>();
        for (ConfigKey<R, ?> key : keys) {
            if (!names.add(key.name())) {
                throw new IllegalArgumentException("duplicate key: " + key.name());
            }
        }
        for (EnvironmentAlias<R, ?> alias : aliases) {
            if (!keys.contains(alias.key())) {
                throw new IllegalArgumentException("alias " + alias.variable() + " of a key not in the schema: "
                        + alias.key().name());
            }
        }
    }

    /** A schema whose keys have no environment variables but their own. */
    public ConfigSchema(String environmentPrefix, List<ConfigKey<R, ?>> keys, Function<ConfigValues<R>, R> factory) {
        this(environmentPrefix, keys, factory, List.of());
    }

    /** Every environment variable this schema reads: each key's own, then the aliases, in schema order. */
    public List<String> environmentVariables() {
        return Stream.concat(keys.stream().map(key -> key.environmentName(environmentPrefix)),
                aliases.stream().map(EnvironmentAlias::variable)).toList();
    }

    /** The aliases of {@code key}, in the order they were given. */
    public List<EnvironmentAlias<R, ?>> aliasesOf(ConfigKey<R, ?> key) {
        return aliases.stream().filter(a -> a.key().equals(key)).toList();
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
