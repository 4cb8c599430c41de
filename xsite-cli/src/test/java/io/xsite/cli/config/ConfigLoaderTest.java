package io.xsite.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader<SampleConfig> loader = new ConfigLoader<>(SampleConfig.SCHEMA);

    @TempDir
    Path dir;

    @Test
    void withNoLayersTheDefaultsComeBack() {
        assertThat(loader.load(SampleConfig.DEFAULTS, YamlConfig.NONE, Map.of(), Map.of()))
                .isEqualTo(SampleConfig.DEFAULTS);
    }

    @Test
    void fileOverridesDefaultsEnvironmentOverridesFileFlagsOverrideEnvironment() throws IOException {
        YamlConfig file = yaml("""
                host: 10.0.0.1
                port: 13001
                max-frame-bytes: 1MiB
                idle-expiry: 5m
                """);
        Map<String, String> env = Map.of("XSITE_SAMPLE_PORT", "14001", "XSITE_SAMPLE_IDLE_EXPIRY", "500ms",
                "XSITE_SAMPLE_TCP_KEEPALIVE", "false");
        Map<String, String> flags = Map.of("idle-expiry", "PT2S");

        SampleConfig config = loader.load(SampleConfig.DEFAULTS, file, env, flags);

        assertThat(config).isEqualTo(new SampleConfig("10.0.0.1", 14001, 1 << 20, Duration.ofSeconds(2), false));
    }

    @Test
    void anInvalidEnvironmentValueNamesTheVariableTheLayerAndAnExample() {
        assertThatThrownBy(() -> loader.load(SampleConfig.DEFAULTS, YamlConfig.NONE,
                Map.of("XSITE_SAMPLE_PORT", "abc"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid XSITE_SAMPLE_PORT (environment): \"abc\" is not a port (0-65535), e.g. 12001");
    }

    @Test
    void anInvalidFlagNamesTheFlag() {
        assertThatThrownBy(() -> loader.load(SampleConfig.DEFAULTS, YamlConfig.NONE, Map.of(),
                Map.of("max-frame-bytes", "8MB")))
                .hasMessageStartingWith("invalid --max-frame-bytes (flag): \"8MB\" is not a size")
                .hasMessageEndingWith("e.g. 8MiB");
    }

    @Test
    void anInvalidFileValueNamesTheKeyAndTheFile() throws IOException {
        YamlConfig file = yaml("idle-expiry: 30\n");

        assertThatThrownBy(() -> loader.load(SampleConfig.DEFAULTS, file, Map.of(), Map.of()))
                .hasMessage("invalid idle-expiry (config file " + file.source() + "): \"30\" is not a duration "
                        + "(500ms, 30s, 5m, 1h, 1d, 0 or ISO-8601 like PT30S), e.g. 30s");
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine() throws IOException {
        YamlConfig file = yaml("port: [1, 2]\nhost: \"a b\"\n");

        assertThatThrownBy(() -> loader.load(SampleConfig.DEFAULTS, file, Map.of("XSITE_SAMPLE_TCP_KEEPALIVE", "yes"),
                Map.of("port", "70000")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "invalid port (config file " + file.source() + "): expected a port (0-65535), e.g. port: 12001",
                        "invalid host (config file " + file.source() + "): \"a b\" is not a host name or IP address,"
                                + " e.g. 0.0.0.0",
                        "invalid XSITE_SAMPLE_TCP_KEEPALIVE (environment): \"yes\" is not true or false, e.g. true",
                        "invalid --port (flag): \"70000\" is not a port (0-65535), e.g. 12001"));
    }

    @Test
    void anUnknownFileKeyIsAnErrorNamingTheKeyAndTheFile() throws IOException {
        YamlConfig file = yaml("prot: 12001\n");

        assertThatThrownBy(() -> loader.load(SampleConfig.DEFAULTS, file, Map.of(), Map.of()))
                .hasMessage("unknown key \"prot\" in config file " + file.source()
                        + " (known keys: host, port, max-frame-bytes, idle-expiry, tcp-keepalive)");
    }

    @Test
    void unknownEnvironmentVariablesAreIgnored() {
        SampleConfig config = loader.load(SampleConfig.DEFAULTS, YamlConfig.NONE,
                Map.of("XSITE_SAMPLE_SERVICE_HOST", "10.1.2.3", "PATH", "/bin"), Map.of());

        assertThat(config).isEqualTo(SampleConfig.DEFAULTS);
    }

    @Test
    void valuesValidAloneButNotTogetherFailWithTheRecordsReason() {
        assertThatThrownBy(() -> loader.load(SampleConfig.DEFAULTS, YamlConfig.NONE, Map.of(),
                Map.of("max-frame-bytes", "0")))
                .hasMessage("invalid configuration: max-frame-bytes must be positive: 0");
    }

    @Test
    void yamlBooleansAndNumbersAreReadAsTheirText() throws IOException {
        YamlConfig file = yaml("tcp-keepalive: false\nmax-frame-bytes: 65536\n");

        SampleConfig config = loader.load(SampleConfig.DEFAULTS, file, Map.of(), Map.of());

        assertThat(config.tcpKeepalive()).isFalse();
        assertThat(config.maxFrameBytes()).isEqualTo(65536);
    }

    @Test
    void anEmptyFileAddsNothing() throws IOException {
        assertThat(loader.load(SampleConfig.DEFAULTS, yaml(""), Map.of(), Map.of())).isEqualTo(SampleConfig.DEFAULTS);
    }

    @Test
    void aFileThatIsNotAMapOrNotYamlOrMissingIsOneLine() throws IOException {
        assertThatThrownBy(() -> yaml("- 1\n- 2\n")).hasMessageContaining("found a list");
        assertThatThrownBy(() -> yaml("port: 1\nport: 2\n")).hasMessageContaining("is not valid YAML (line 2");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> YamlConfig.read(missing))
                .hasMessage("config file " + missing + " does not exist");
    }

    private YamlConfig yaml(String text) throws IOException {
        Path file = Files.createTempFile(dir, "config", ".yaml");
        Files.writeString(file, text);
        return YamlConfig.read(file);
    }
}
