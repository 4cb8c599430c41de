package io.xsite.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The top-level keys of one YAML configuration file, as YAML typed them (strings, numbers, booleans;
 * nested maps and lists too, which the loader refuses for scalar keys).
 *
 * @param source what errors call the file: its path, or "no file"
 * @param values key to value, in file order
 */
public record YamlConfig(String source, Map<String, Object> values) {
    /** No file given: the layer adds nothing. */
    public static final YamlConfig NONE = new YamlConfig("no file", Map.of());

    // Duplicate keys are an error rather than "the last one wins", which would hide a typo.
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    public YamlConfig {
        Objects.requireNonNull(source, "source");
        // Not Map.copyOf: YAML allows null values, which the loader reports per key.
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads {@code file}; an empty file has no keys.
     *
     * @throws ConfigException if the file cannot be read, is not YAML, or its top level is not a map
     */
    public static YamlConfig read(Path file) {
        String source = file.toString();
        try {
            String text = Files.readString(file);
            Object root = text.isBlank() ? null : MAPPER.readValue(text, new TypeReference<Object>() { });
            if (root == null) {
                return new YamlConfig(source, Map.of());
            }
            if (!(root instanceof Map<?, ?> map)) {
                throw new ConfigException(List.of("config file " + source + ": expected keys like \"port: 12001\" "
                        + "at the top level, found a " + (root instanceof List ? "list" : "single value")));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            map.forEach((k, v) -> values.put(String.valueOf(k), v));
            return new YamlConfig(source, values);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ConfigException(List.of("config file " + source + " is not valid YAML" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("")));
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of("config file " + source + " does not exist"));
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read config file " + source + ": " + e));
        }
    }
}
