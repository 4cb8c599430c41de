package io.xsite.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs the real harness briefly: both systems with two sites and two routers each, every scenario with
 * well under a second of load and one site-master crash each. Proves the plumbing (sites and bridges
 * form, chat rounds complete with all 8 replies, streams run and are accounted for, the crash happens
 * and is reported, the report has every table), not any performance figure and not the loss goal
 * (that is what the benchmark reports).
 */
class RelayBenchmarkSmokeTest {

    @Test
    void bothSystemsRunEveryScenario() throws Exception {
        RelayBenchmark benchmark = new RelayBenchmark();
        new CommandLine(benchmark).parseArgs("--warmup", "0.2", "--duration", "0.5", "--sizes", "64,16384",
                "--failover-before", "0.5", "--failover-after", "0.2", "--drain", "10");

        RelayReport report = benchmark.runAll();

        assertThat(report.chat()).extracting(ChatResult::system).containsExactly("xsite", "jgroups");
        assertThat(report.chat()).allSatisfy(r -> {
            assertThat(r.rounds()).as("%s chat rounds", r.system()).isPositive();
            assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros()).isPositive();
        });
        assertThat(report.throughput()).extracting(r -> r.system() + " " + r.payloadBytes())
                .containsExactly("xsite 64", "jgroups 64", "xsite 16384", "jgroups 16384");
        assertThat(report.throughput()).allSatisfy(r -> {
            assertThat(r.sent()).as("%s %d B sent", r.system(), r.payloadBytes()).isPositive();
            assertThat(r.lost()).as("%s %d B lost", r.system(), r.payloadBytes()).isBetween(0L, r.sent());
        });
        assertThat(report.failover()).extracting(FailoverResult::system).containsExactly("xsite", "jgroups");
        assertThat(report.failover()).allSatisfy(r -> {
            assertThat(r.sent()).as("%s failover sent", r.system()).isPositive();
            assertThat(r.lost()).as("%s failover lost", r.system()).isBetween(0L, r.sent());
        });
        assertThat(report.toMarkdown())
                .contains("| xsite | 64 B |", "| jgroups | 64 B |", "| xsite | 16384 B |", "| jgroups | 16384 B |")
                .contains("Chat round trip", "Site-master failover", "| chat round trip p99 |",
                        "| throughput 64 B |", "| failover time |", "| failover loss");
    }
}
