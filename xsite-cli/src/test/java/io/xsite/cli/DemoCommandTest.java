package io.xsite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code xsite demo}'s command line: what it refuses before anything starts. */
class DemoCommandTest {
    @Test
    void aWrongFlagExitsTwoWithTheUsage() {
        CommandRun run = CommandRun.xsite("demo", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).contains("Unknown option: '--bogus'").anyMatch(l -> l.startsWith("Usage: xsite demo"));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anInvalidStepTimeoutExitsTwoNamingIt() {
        CommandRun run = CommandRun.xsite("demo", "--script", "--step-timeout", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).anyMatch(l -> l.contains("--step-timeout") && l.contains("soon"));
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpNamesTheModes() {
        CommandRun run = CommandRun.xsite("demo", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--processes", "--script", "--step-timeout", "Temp");
    }
}
