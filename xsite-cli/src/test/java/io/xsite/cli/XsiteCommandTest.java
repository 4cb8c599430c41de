package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ValueType;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.OptionSpec;

class XsiteCommandTest {
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private Level levelBefore;

    @BeforeEach
    void rememberLogLevel() {
        levelBefore = root.getLevel();
    }

    @AfterEach
    void restoreLogLevel() {
        root.setLevel(levelBefore);
    }

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        CommandRun run = xsite("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: xsite", "router ", "router-dump ", "node ", "--log-level", "Exit codes:");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void versionNamesTheProjectVersion() {
        CommandRun run = xsite("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines().get(0)).matches("xsite \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void aWrongFlagPrintsTheUsageAndExitsTwo() {
        CommandRun run = xsite("router", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unknown option: '--bogus'").contains("Usage: xsite router");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noSubcommandIsAUsageError() {
        CommandRun run = xsite();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing subcommand").contains("Usage: xsite");
    }

    @Test
    void anUnreachableRouterIsOneLineAndExitOne() throws IOException {
        int closedPort = closedPort();

        CommandRun run = xsite("router-dump", "--host", "127.0.0.1", "--port", Integer.toString(closedPort));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(
                "router-dump: cannot reach router 127.0.0.1:" + closedPort + " (Connection refused)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anInvalidEnvironmentValueIsOneLineNamingVariableAndLayer() {
        CommandRun run = xsite(Map.of("XSITE_ROUTER_PORT", "abc"), "router");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(
                "router: invalid XSITE_ROUTER_PORT (environment): \"abc\" is not a port (0-65535), e.g. 12001");
    }

    @Test
    void anInvalidFlagValueIsOneLinePerProblem() {
        CommandRun run = xsite("router", "--max-frame-bytes", "8MB", "--idle-expiry", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(2).allMatch(line -> line.startsWith("router: invalid --"));
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aMissingConfigFileIsOneLine() {
        CommandRun run = xsite("router", "--config", "/nonexistent/router.yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("router: config file /nonexistent/router.yaml does not exist");
    }

    @Test
    void theLogLevelFlagWinsOverTheEnvironmentAndWorksAfterTheSubcommand() throws IOException {
        String port = Integer.toString(closedPort());

        xsite(Map.of("XSITE_LOG_LEVEL", "ERROR"), "router-dump", "--log-level", "debug", "--port", port);
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);

        xsite(Map.of("XSITE_LOG_LEVEL", "ERROR"), "router-dump", "--port", port);
        assertThat(root.getLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void anInvalidLogLevelIsOneLine() {
        CommandRun run = xsite(Map.of("XSITE_LOG_LEVEL", "LOUD"), "router-dump");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("xsite: invalid XSITE_LOG_LEVEL (environment): \"LOUD\" is not a "
                + "log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF), e.g. INFO");
    }

    @Test
    void routerHelpShowsTheDefaultsOfRouterConfig() {
        CommandRun run = xsite("router", "--help");

        assertThat(run.exitCode()).isZero();
        for (ConfigKey<RouterProcessConfig, ?> key : RouterSettings.SCHEMA.keys()) {
            assertThat(run.out()).as(key.name())
                    .contains(key.flag())
                    .containsPattern("Default:\\s+" + Pattern.quote(key.formatFrom(RouterProcessConfig.DEFAULTS)));
        }
        assertThat(run.out()).contains("Default: " + ValueType.SIZE.format(RouterConfig.DEFAULTS.maxFrameBytes()));
    }

    @Test
    void everyRouterConfigKeyHasAnOptionAndEveryValueOptionIsAKey() {
        var options = XsiteCommand.commandLine(Map.of()).getSubcommands().get("router").getCommandSpec().options();
        var optionNames = options.stream().map(OptionSpec::longestName).collect(Collectors.toSet());
        var keyFlags = RouterSettings.SCHEMA.keys().stream().map(ConfigKey::flag).collect(Collectors.toSet());

        assertThat(optionNames).containsAll(keyFlags);
        assertThat(optionNames).filteredOn(name -> !keyFlags.contains(name))
                .containsExactlyInAnyOrder("--config", "--help", "--version", "--log-level");
    }

    /** A loopback port nothing listens on: bound once, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
