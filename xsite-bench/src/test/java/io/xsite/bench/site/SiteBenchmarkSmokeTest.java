package io.xsite.bench.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs the real harness briefly: 4 xsite members and 4 JGroups channels on loopback, every scenario
 * with a second of load. Proves the plumbing (clusters form, both systems deliver and
 * answer, nothing is lost or reordered, the report has every row), not any performance figure.
 */
class SiteBenchmarkSmokeTest {

    @Test
    void bothSystemsDeliverAndAnswerInEveryScenario() throws Exception {
        SiteBenchmark benchmark = new SiteBenchmark();
        SiteBenchmark.commandLine(benchmark).parseArgs("--warmup", "0.3", "--duration", "1");

        SiteReport report = benchmark.runAll();

        assertThat(report.results()).extracting(r -> r.system() + " " + r.scenario()).containsExactly(
                "xsite to-all", "jgroups to-all", "xsite to-one", "jgroups to-one",
                "xsite request", "jgroups request", "xsite request-all", "jgroups request-all");
        assertThat(report.results()).allSatisfy(r -> {
            assertThat(r.operations()).as("%s %s operations", r.system(), r.scenario()).isPositive();
            assertThat(r.outOfOrder()).as("%s %s out of order", r.system(), r.scenario()).isZero();
            assertThat(r.lost()).as("%s %s lost", r.system(), r.scenario()).isZero();
            assertThat(r.hasLatency()).as("%s %s latencies", r.system(), r.scenario())
                    .isEqualTo(!r.scenario().isStream());
        });
        assertThat(report.results()).filteredOn(SiteResult::hasLatency)
                .allSatisfy(r -> assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros()).isPositive());
        assertThat(report.toMarkdown())
                .contains("| every member to everyone | xsite | 1024 B |", "| every member to everyone | jgroups | 1024 B |")
                .contains("| member 0 to member 1 | xsite |", "| member 0 to member 1 | jgroups |")
                .contains("| request member 0 to member 1 | xsite | 64 B |", "| request member 0 to everyone | jgroups |")
                .contains("| request member 0 to everyone |", "Ratios xsite / JGroups");
    }
}
