package io.xsite.cli;

import java.util.Objects;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Help of a command whose options are the keys of a configuration record shows each default as the record's
 * {@code DEFAULTS} has it. picocli creates a default-value provider from its class, so each command names its
 * options in a small subclass with a no-argument constructor.
 */
abstract class ConfigDefaults implements IDefaultValueProvider {
    private final ConfigOptions<?> options;

    ConfigDefaults(ConfigOptions<?> options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public final String defaultValue(ArgSpec arg) {
        return options.defaultValue(arg);
    }
}
