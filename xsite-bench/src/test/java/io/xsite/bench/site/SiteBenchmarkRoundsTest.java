package io.xsite.bench.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code --rounds} option: its default and its lower bound, checked before any cluster starts. */
class SiteBenchmarkRoundsTest {

    @Test
    void twoRoundsByDefault() {
        SiteBenchmark benchmark = new SiteBenchmark();
        SiteBenchmark.commandLine(benchmark).parseArgs();

        assertThat(benchmark.settings()).contains("2 rounds");
    }

    @Test
    void refusesFewerThanOneRound() {
        SiteBenchmark benchmark = new SiteBenchmark();
        SiteBenchmark.commandLine(benchmark).parseArgs("--rounds", "0");

        assertThatThrownBy(benchmark::runAll).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--rounds must be at least 1");
    }
}
