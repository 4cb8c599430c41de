package io.xsite.bench.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.bench.Rounds.Pooled;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The report's figures, pooling of rounds, ratios and goal verdicts from known results, without any cluster. */
class SiteReportTest {

    @Test
    void streamsCompareThroughputAndRequestsCompareP99() {
        SiteResult xsiteAll = stream("xsite", Scenario.TO_ALL, 1_200_000);
        SiteResult jgroupsAll = stream("jgroups", Scenario.TO_ALL, 1_000_000);
        SiteResult xsiteOne = stream("xsite", Scenario.TO_ONE, 500_000);
        SiteResult jgroupsOne = stream("jgroups", Scenario.TO_ONE, 1_000_000);
        SiteResult xsiteRequest = request("xsite", 40_000, 300);
        SiteResult jgroupsRequest = request("jgroups", 50_000, 600);

        String markdown = new SiteReport(List.of(List.of(xsiteAll, jgroupsAll, xsiteOne, jgroupsOne, xsiteRequest,
                jgroupsRequest))).toMarkdown();

        assertThat(xsiteAll.perSecond()).isEqualTo(120_000.0);
        assertThat(xsiteAll.megabytesPerSecond()).isEqualTo(120_000.0 * 1024 / 1e6);
        assertThat(markdown)
                .contains("| every member to everyone | xsite | 1 | 1024 B | 120000 | 122.9 | - | - | 0 | 0 |")
                .contains("| request member 0 to member 1 | jgroups | 1 | 64 B | 5000 | 0.3 | 600 | 600 | 0 | 0 |")
                .contains("| every member to everyone | 1.20 | - | met | 1.20 |")
                .contains("| member 0 to member 1 | 0.50 | - | not met | 0.50 |")
                // Fewer requests per second, but the p99 (the request goal) is half of JGroups'.
                .contains("| request member 0 to member 1 | 0.80 | 0.50 | met | 0.50 |")
                .doesNotContain("request member 0 to everyone");
    }

    @Test
    void twoRoundsArePooledAndEachRoundsRatioShown() {
        // Round 1 runs JGroups first, as the benchmark does. xsite's rates differ between rounds (60,000/s
        // over 10 s, then 240,000/s over 5 s): pooled, that is 1.8 M in 15 s, not the mean of the rates.
        List<SiteResult> round0 = List.of(
                stream("xsite", Scenario.TO_ALL, 600_000, Duration.ofSeconds(10), 1, 2),
                stream("jgroups", Scenario.TO_ALL, 1_000_000, Duration.ofSeconds(10), 0, 0),
                request("xsite", 1_000, 300), request("jgroups", 1_000, 600));
        List<SiteResult> round1 = List.of(
                stream("jgroups", Scenario.TO_ALL, 500_000, Duration.ofSeconds(5), 0, 0),
                stream("xsite", Scenario.TO_ALL, 1_200_000, Duration.ofSeconds(5), 4, 3),
                request("jgroups", 1_000, 600), request("xsite", 1_000, 900));

        SiteReport report = new SiteReport(List.of(round0, round1));

        assertThat(report.pooled()).extracting(p -> p.result().system() + " " + p.result().scenario())
                .containsExactly("xsite to-all", "jgroups to-all", "xsite request", "jgroups request");
        assertThat(report.pooled()).extracting(Pooled::rounds).containsOnly(2);
        SiteResult xsiteAll = report.pooled().get(0).result();
        assertThat(xsiteAll.operations()).isEqualTo(1_800_000);
        assertThat(xsiteAll.elapsed()).isEqualTo(Duration.ofSeconds(15));
        assertThat(xsiteAll.perSecond()).isEqualTo(120_000.0);
        assertThat(xsiteAll.outOfOrder()).isEqualTo(5);
        assertThat(xsiteAll.lost()).isEqualTo(5);
        // Half of xsite's requests took 300 us, half 900 us: the pooled histogram holds both.
        SiteResult xsiteRequest = report.pooled().get(2).result();
        assertThat(xsiteRequest.latencyNanos().getTotalCount()).isEqualTo(200);
        assertThat(xsiteRequest.p50Micros()).isEqualTo(300.0, Offset.offset(1.0));
        assertThat(xsiteRequest.p99Micros()).isEqualTo(900.0, Offset.offset(1.0));
        assertThat(report.toMarkdown())
                .contains("| every member to everyone | xsite | 2 | 1024 B | 120000 | 122.9 | - | - | 5 | 5 |")
                .contains("| every member to everyone | jgroups | 2 | 1024 B | 100000 |")
                .contains("| every member to everyone | 1.20 | - | met | 0.60, 2.40 |")
                .contains("| request member 0 to member 1 | 1.00 | 1.50 | not met | 0.50, 1.50 |");
    }

    @Test
    void poolingRefusesResultsOfDifferentScenarios() {
        SiteResult toAll = stream("xsite", Scenario.TO_ALL, 10);
        SiteResult toOne = stream("xsite", Scenario.TO_ONE, 10);

        assertThatThrownBy(() -> toAll.plus(toOne)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot pool");
    }

    @Test
    void noRatiosWithoutBothSystems() {
        String markdown = new SiteReport(List.of(List.of(stream("xsite", Scenario.TO_ALL, 10)))).toMarkdown();

        assertThat(markdown).contains("| every member to everyone | xsite |").doesNotContain("Ratios");
    }

    /** {@code messages} 1 KB deliveries in 10 s. */
    private static SiteResult stream(String system, Scenario scenario, long messages) {
        return stream(system, scenario, messages, Duration.ofSeconds(10), 0, 0);
    }

    private static SiteResult stream(String system, Scenario scenario, long messages, Duration elapsed, long outOfOrder,
                                     long lost) {
        return new SiteResult(system, scenario, 1024, messages, elapsed, new Histogram(3), outOfOrder, lost);
    }

    /** {@code requests} 64 B requests in 10 s, latencies of 100 of them all {@code micros}. */
    private static SiteResult request(String system, long requests, long micros) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(micros * 1_000, 100);
        return new SiteResult(system, Scenario.REQUEST, 64, requests, Duration.ofSeconds(10), latencies, 0, 0);
    }
}
