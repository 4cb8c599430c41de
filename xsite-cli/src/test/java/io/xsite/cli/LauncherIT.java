package io.xsite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/xsite as users run it: from any directory, output and exit code passed through. */
class LauncherIT {
    @TempDir
    Path elsewhere;

    @Test
    void versionWorksFromAnyDirectory() throws Exception {
        try (LauncherProcess xsite = LauncherProcess.start(elsewhere, "--version")) {
            assertThat(xsite.awaitExit()).isZero();
            assertThat(xsite.out()).first().isEqualTo("xsite " + System.getProperty("xsite.version"));
        }
    }

    @Test
    void aWrongFlagExitsTwoWithTheUsageOnStderr() throws Exception {
        try (LauncherProcess xsite = LauncherProcess.start(elsewhere, "router-dump", "--bogus")) {
            assertThat(xsite.awaitExit()).isEqualTo(2);
            assertThat(xsite.err()).contains("Unknown option: '--bogus'").anyMatch(l -> l.startsWith("Usage: xsite"));
            assertThat(xsite.out()).isEmpty();
        }
    }
}
