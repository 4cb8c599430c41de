package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Joins a {@link ConfigSchema} to a picocli command whose options are named after its keys
 * ({@code --max-frame-bytes} for {@code max-frame-bytes}; shorter aliases allowed): help shows each
 * default as the record's {@code DEFAULTS} has it, and only the flags actually given become the flag
 * layer, so an absent flag never hides the file or the environment.
 *
 * @param <R> the configuration record
 */
final class ConfigOptions<R> {
    private final ConfigSchema<R> schema;
    private final R defaults;

    ConfigOptions(ConfigSchema<R> schema, R defaults) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** The schema these options stand for. */
    ConfigSchema<R> schema() {
        return schema;
    }

    /** The default text for {@code arg} if it is the option of a key, else null (for an IDefaultValueProvider). */
    String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            return schema.keyForFlag(option.longestName()).map(key -> key.formatFrom(defaults)).orElse(null);
        }
        return null;
    }

    /** Key name to text of every option for a key that appears on the command line of {@code parsed}. */
    Map<String, String> flags(ParseResult parsed) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            schema.keyForFlag(option.longestName())
                    .map(ConfigKey::name)
                    .ifPresent(name -> flags.put(name, Objects.toString(option.getValue())));
        }
        return flags;
    }
}
