package io.xsite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmarks' class path also holds the xsite-cli jar and its logback.xml: logback must configure itself
 * from the benchmarks' own file, found once, and start without a warning (two files of one name make it warn
 * at every start and pick one by class-path order).
 */
class LoggingConfigurationTest {
    @Test
    void logbackStartsQuietlyFromTheBenchmarksOwnConfiguration() throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        List<URL> benchConfigurations = Collections.list(getClass().getClassLoader().getResources("logback-test.xml"));

        assertThat(benchConfigurations).as("logback-test.xml on the class path").singleElement()
                .asString().endsWith("xsite-bench/target/classes/logback-test.xml");
        // Only the benchmarks' file sets these: the harness at INFO, everything else at WARN.
        assertThat(context.getLogger("io.xsite.bench").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(new StatusUtil(context).getHighestLevel(0)).as("logback's status: %s",
                context.getStatusManager().getCopyOfStatusList()).isLessThan(Status.WARN);
    }
}
