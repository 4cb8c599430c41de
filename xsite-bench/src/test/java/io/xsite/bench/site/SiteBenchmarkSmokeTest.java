package io.xsite.bench.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.bench.Rounds.Pooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the real harness briefly: 4 xsite members and 4 JGroups channels on loopback, every scenario in
 * two rounds of half a second of load. Proves the plumbing (clusters form, both systems deliver and
 * answer, nothing is lost or reordered, the second round runs JGroups first, the report pools both
 * rounds and has every row), not any performance figure.
 */
class SiteBenchmarkSmokeTest {

    @Test
    void bothSystemsDeliverAndAnswerInEveryScenario() throws Exception {
        SiteBenchmark benchmark = new SiteBenchmark();
        SiteBenchmark.commandLine(benchmark).parseArgs("--warmup", "0.2", "--duration", "0.5", "--rounds", "2");

        SiteReport report = benchmark.runAll();
        List<SiteResult> pooled = report.pooled().stream().map(Pooled::result).toList();

        assertThat(report.rounds()).hasSize(2);
        assertThat(report.rounds().get(0)).extracting(r -> r.system() + " " + r.scenario()).containsExactly(
                "xsite to-all", "jgroups to-all", "xsite to-one", "jgroups to-one",
                "xsite request", "jgroups request", "xsite request-all", "jgroups request-all");
        assertThat(report.rounds().get(1)).extracting(r -> r.system() + " " + r.scenario()).containsExactly(
                "jgroups to-all", "xsite to-all", "jgroups to-one", "xsite to-one",
                "jgroups request", "xsite request", "jgroups request-all", "xsite request-all");
        assertThat(report.pooled()).extracting(Pooled::rounds).containsOnly(2);
        assertThat(pooled).extracting(r -> r.system() + " " + r.scenario()).containsExactly(
                "xsite to-all", "jgroups to-all", "xsite to-one", "jgroups to-one",
                "xsite request", "jgroups request", "xsite request-all", "jgroups request-all");
        assertThat(pooled).allSatisfy(r -> {
            assertThat(r.operations()).as("%s %s operations", r.system(), r.scenario()).isPositive();
            assertThat(r.outOfOrder()).as("%s %s out of order", r.system(), r.scenario()).isZero();
            assertThat(r.lost()).as("%s %s lost", r.system(), r.scenario()).isZero();
            assertThat(r.hasLatency()).as("%s %s latencies", r.system(), r.scenario())
                    .isEqualTo(!r.scenario().isStream());
        });
        assertThat(pooled).filteredOn(SiteResult::hasLatency)
                .allSatisfy(r -> assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros()).isPositive());
        assertThat(report.toMarkdown())
                .contains("| every member to everyone | xsite | 2 | 1024 B |",
                        "| every member to everyone | jgroups | 2 | 1024 B |")
                .contains("| member 0 to member 1 | xsite | 2 |", "| member 0 to member 1 | jgroups | 2 |")
                .contains("| request member 0 to member 1 | xsite | 2 | 64 B |",
                        "| request member 0 to everyone | jgroups | 2 |")
                .contains("| request member 0 to everyone |", "Ratios xsite / JGroups");
    }
}
