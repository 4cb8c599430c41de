package io.xsite.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.xsite.cli.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The log level of the whole process: {@code --log-level} on any command, else the environment
 * variable {@value #ENVIRONMENT}, else what logback.xml says (INFO).
 */
public final class LoggingOptions {
    /** The environment variable that sets the level when the flag is absent. */
    static final String ENVIRONMENT = "XSITE_LOG_LEVEL";

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            description = "Log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF. "
                    + "Default: $" + ENVIRONMENT + ", else INFO.")
    String level;

    /**
     * Sets the root logger's level from the flag or {@code environment}; a level neither gives is left alone.
     *
     * @throws ConfigException if the level named is not one, naming flag or variable
     */
    void apply(Map<String, String> environment) {
        if (level != null) {
            setRootLevel(level, "--log-level (flag)");
        } else if (environment.containsKey(ENVIRONMENT)) {
            setRootLevel(environment.get(ENVIRONMENT), ENVIRONMENT + " (environment)");
        }
    }

    private static void setRootLevel(String text, String where) {
        // Level.toLevel(text) would quietly turn a typo into DEBUG.
        Level parsed = Level.toLevel(text.strip(), null);
        if (parsed == null) {
            throw new ConfigException(List.of("invalid " + where + ": \"" + text
                    + "\" is not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF), e.g. INFO"));
        }
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(parsed);
    }
}
