package io.xsite.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environment aliases, optional values, key examples and parser details, on the loader's sample record. */
class EnvironmentAliasTest {
    /** An older deployment's variable in a syntax of its own: whole seconds. */
    private static final ValueType<Duration> SECONDS = new ValueType<>("a number of seconds",
            text -> Duration.ofSeconds(Long.parseLong(text.strip())), d -> Long.toString(d.toSeconds()));
    private static final ConfigSchema<SampleConfig> SCHEMA = new ConfigSchema<>("XSITE_SAMPLE_",
            SampleConfig.SCHEMA.keys(), SampleConfig.SCHEMA.factory(),
            List.of(EnvironmentAlias.of("LEGACY_PORT", SampleConfig.PORT, "7800"),
                    new EnvironmentAlias<>("LEGACY_IDLE_SECONDS", SampleConfig.IDLE_EXPIRY, SECONDS, "30")));
    private final ConfigLoader<SampleConfig> loader = new ConfigLoader<>(SCHEMA);

    @TempDir
    Path dir;

    @Test
    void anAliasSetsItsKeyInItsOwnSyntax() {
        SampleConfig config = load(Map.of("LEGACY_PORT", "7800", "LEGACY_IDLE_SECONDS", "90"), Map.of());

        assertThat(config.port()).isEqualTo(7800);
        assertThat(config.idleExpiry()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void theKeysOwnVariableWinsAndTheAliasIsNotEvenRead() {
        SampleConfig config = load(Map.of("LEGACY_PORT", "not a port", "XSITE_SAMPLE_PORT", "13001"), Map.of());

        assertThat(config.port()).isEqualTo(13001);
    }

    @Test
    void anAliasWinsOverTheFileAndAFlagWinsOverTheAlias() throws IOException {
        Path file = Files.writeString(dir.resolve("sample.yaml"), "port: 1\nidle-expiry: 1m\n");

        SampleConfig config = loader.load(SampleConfig.DEFAULTS, YamlConfig.read(file),
                Map.of("LEGACY_PORT", "2", "LEGACY_IDLE_SECONDS", "3"), Map.of("idle-expiry", "4s"));

        assertThat(config.port()).isEqualTo(2);
        assertThat(config.idleExpiry()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void anInvalidAliasNamesTheVariableAndAnExampleInItsSyntax() {
        assertThatThrownBy(() -> load(Map.of("LEGACY_IDLE_SECONDS", "30s"), Map.of()))
                .hasMessage("invalid LEGACY_IDLE_SECONDS (environment): \"30s\" is not a number of seconds, e.g. 30");
    }

    @Test
    void aParserThatExplainsTheProblemIsQuoted() {
        ValueType<Integer> even = new ValueType<>("an even number", text -> {
            int n = Integer.parseInt(text);
            if (n % 2 != 0) {
                throw new InvalidValueException(n + " is odd", null);
            }
            return n;
        }, String::valueOf);
        ConfigKey<SampleConfig, Integer> port = new ConfigKey<>("port", even, SampleConfig::port, "12002");
        ConfigSchema<SampleConfig> schema = new ConfigSchema<>("XSITE_SAMPLE_", List.of(port),
                v -> SampleConfig.DEFAULTS);

        assertThatThrownBy(() -> new ConfigLoader<>(schema).load(SampleConfig.DEFAULTS, YamlConfig.NONE, Map.of(),
                Map.of("port", "7")))
                .hasMessage("invalid --port (flag): \"7\" is not an even number: 7 is odd, e.g. 12002");
        assertThatThrownBy(() -> new ConfigLoader<>(schema).load(SampleConfig.DEFAULTS, YamlConfig.NONE, Map.of(),
                Map.of("port", "x")))
                .as("a parser failure without an explanation gets the plain line")
                .hasMessage("invalid --port (flag): \"x\" is not an even number, e.g. 12002");
    }

    @Test
    void anOptionalValueIsEmptyTextForNone() {
        ValueType<Optional<Integer>> optionalPort = ValueType.optional(ValueType.PORT);

        assertThat(optionalPort.parse("  ")).isEmpty();
        assertThat(optionalPort.parse("80")).contains(80);
        assertThat(optionalPort.format(Optional.empty())).isEmpty();
        assertThat(optionalPort.format(Optional.of(80))).isEqualTo("80");
        assertThat(optionalPort.what()).isEqualTo("a port (0-65535), or empty for none");
        assertThatThrownBy(() -> optionalPort.parse("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAliasOfAKeyOutsideTheSchemaIsRefused() {
        ConfigKey<SampleConfig, Integer> stray = new ConfigKey<>("stray", ValueType.PORT, SampleConfig::port);

        assertThatThrownBy(() -> new ConfigSchema<>("XSITE_SAMPLE_", SampleConfig.SCHEMA.keys(),
                SampleConfig.SCHEMA.factory(), List.of(EnvironmentAlias.of("STRAY", stray, "1"))))
                .hasMessageContaining("STRAY");
    }

    private SampleConfig load(Map<String, String> environment, Map<String, String> flags) {
        return loader.load(SampleConfig.DEFAULTS, YamlConfig.NONE, environment, flags);
    }
}
