package io.xsite.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds a configuration record from four layers, each overriding the one before: the record's
 * defaults, a YAML file, environment variables, command-line flags. Every value is checked once, here,
 * and every problem names the key as its layer spells it and the layer:
 * {@code invalid --port (flag): "abc" is not a port (0-65535), e.g. 12001}. The example is the default
 * unless the key names one (a key whose default is "none"), so it is always a value that works.
 * Environment aliases ({@link EnvironmentAlias}) belong to the environment layer, below the key's own
 * variable.
 *
 * <p>Environment variables the schema does not know are ignored, not refused: an environment holds
 * much that is not ours (Kubernetes even injects {@code <SERVICE>_PORT} variables for every service).
 * Unknown YAML keys and flags are refused.
 *
 * @param <R> the configuration record
 */
public final class ConfigLoader<R> {
    private final ConfigSchema<R> schema;

    /** A loader for records described by {@code schema}. */
    public ConfigLoader(ConfigSchema<R> schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /**
     * Layers {@code file}, then {@code environment}, then {@code flags} over {@code defaults}.
     *
     * @param defaults    the record's defaults, the only place a default is written
     * @param file        the YAML file's keys, or {@link YamlConfig#NONE}
     * @param environment the process environment (injected, so tests pass their own)
     * @param flags       key name to the text of each flag given on the command line
     * @return the record
     * @throws ConfigException naming every invalid value, with key and layer
     */
    public R load(R defaults, YamlConfig file, Map<String, String> environment, Map<String, String> flags) {
        Map<ConfigKey<R, ?>, Object> values = new LinkedHashMap<>();
        for (ConfigKey<R, ?> key : schema.keys()) {
            values.put(key, key.getter().apply(defaults));
        }
        List<String> problems = new ArrayList<>();
        flatten(file.values()).forEach((name, raw) -> schema.key(name).ifPresentOrElse(
                key -> applyFileValue(key, raw, file.source(), defaults, values, problems),
                () -> problems.add("unknown key \"" + name + "\" in config file " + file.source()
                        + " (known keys: " + knownKeys() + ")")));
        for (ConfigKey<R, ?> key : schema.keys()) {
            String name = key.environmentName(schema.environmentPrefix());
            String text = environment.get(name);
            if (text != null) {
                apply(key, key.type(), text, name + " (environment)", key.exampleFrom(defaults), values, problems);
            } else {
                // An alias counts only when the key's own variable is absent: ours is the more specific name.
                List<EnvironmentAlias<R, ?>> set = schema.aliasesOf(key).stream()
                        .filter(alias -> environment.containsKey(alias.variable())).toList();
                if (set.size() > 1) {
                    // Two reference names for one key (DNS_QUERY and KUBERNETES_LABELS): neither may quietly win.
                    problems.add("conflicting " + set.stream().map(EnvironmentAlias::variable)
                            .collect(Collectors.joining(" and ")) + " (environment): both set " + key.name()
                            + "; keep one, or set " + name + " to say which");
                } else {
                    for (EnvironmentAlias<R, ?> alias : set) {
                        apply(alias.key(), alias.type(), environment.get(alias.variable()),
                                alias.variable() + " (environment)", alias.example(), values, problems);
                    }
                }
            }
        }
        flags.forEach((name, text) -> {
            ConfigKey<R, ?> key = schema.key(name).orElseThrow(
                    () -> new IllegalArgumentException("flag for unknown key " + name));
            apply(key, key.type(), text, key.flag() + " (flag)", key.exampleFrom(defaults), values, problems);
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        try {
            return schema.factory().apply(new ConfigValues<>(values));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("invalid configuration: " + e.getMessage()));
        }
    }

    /**
     * The file's keys with each section of shared keys ({@code admin:} holding {@code token-file:}) opened into
     * dotted keys ({@code admin.token-file}); anything else as it is, for the checks that follow.
     */
    private Map<String, Object> flatten(Map<String, Object> file) {
        Map<String, Object> flat = new LinkedHashMap<>();
        file.forEach((name, raw) -> {
            boolean section = schema.keys().stream().anyMatch(key -> key.section().filter(name::equals).isPresent());
            if (section && raw instanceof Map<?, ?> entries) {
                entries.forEach((inner, value) -> flat.put(name + "." + inner, value));
            } else {
                flat.put(name, raw);
            }
        });
        return flat;
    }

    private void applyFileValue(ConfigKey<R, ?> key, Object raw, String source, R defaults,
                                Map<ConfigKey<R, ?>, Object> values, List<String> problems) {
        String where = key.name() + " (config file " + source + ")";
        if (raw == null || raw instanceof Map || raw instanceof List) {
            problems.add("invalid " + where + ": expected " + key.type().what() + ", e.g. "
                    + key.name() + ": " + key.exampleFrom(defaults));
        } else {
            apply(key, key.type(), String.valueOf(raw), where, key.exampleFrom(defaults), values, problems);
        }
    }

    /** Parses {@code text} with {@code type}, the key's own or an alias's, which yields the key's value type. */
    private static <R> void apply(ConfigKey<R, ?> key, ValueType<?> type, String text, String where,
                                  String example, Map<ConfigKey<R, ?>, Object> values, List<String> problems) {
        try {
            values.put(key, type.parse(text));
        } catch (IllegalArgumentException e) {
            String detail = e instanceof InvalidValueException ? ": " + e.getMessage() : "";
            problems.add("invalid " + where + ": \"" + text + "\" is not " + type.what() + detail + ", e.g. "
                    + example);
        }
    }

    private String knownKeys() {
        return schema.keys().stream().map(ConfigKey::name).collect(Collectors.joining(", "));
    }
}
