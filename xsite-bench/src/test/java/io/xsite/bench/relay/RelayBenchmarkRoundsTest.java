package io.xsite.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code --rounds} option: its default and its lower bound, checked before any site starts. */
class RelayBenchmarkRoundsTest {

    @Test
    void twoRoundsByDefault() {
        RelayBenchmark benchmark = new RelayBenchmark();
        new CommandLine(benchmark).parseArgs();

        assertThat(benchmark.settings()).contains("2 rounds");
    }

    @Test
    void refusesFewerThanOneRound() {
        RelayBenchmark benchmark = new RelayBenchmark();
        new CommandLine(benchmark).parseArgs("--rounds", "0");

        assertThatThrownBy(benchmark::runAll).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--rounds must be at least 1");
    }
}
