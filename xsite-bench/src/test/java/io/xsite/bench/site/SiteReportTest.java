package io.xsite.bench.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's figures, ratios and goal verdicts from known results, without any cluster. */
class SiteReportTest {

    @Test
    void streamsCompareThroughputAndRequestsCompareP99() {
        SiteResult xsiteAll = stream("xsite", Scenario.TO_ALL, 1_200_000);
        SiteResult jgroupsAll = stream("jgroups", Scenario.TO_ALL, 1_000_000);
        SiteResult xsiteOne = stream("xsite", Scenario.TO_ONE, 500_000);
        SiteResult jgroupsOne = stream("jgroups", Scenario.TO_ONE, 1_000_000);
        SiteResult xsiteRequest = request("xsite", 40_000, 300);
        SiteResult jgroupsRequest = request("jgroups", 50_000, 600);

        String markdown = new SiteReport(List.of(xsiteAll, jgroupsAll, xsiteOne, jgroupsOne, xsiteRequest,
                jgroupsRequest)).toMarkdown();

        assertThat(xsiteAll.perSecond()).isEqualTo(120_000.0);
        assertThat(xsiteAll.megabytesPerSecond()).isEqualTo(120_000.0 * 1024 / 1e6);
        assertThat(markdown)
                .contains("| every member to everyone | xsite | 1024 B | 120000 | 122.9 | - | - | 0 | 0 |")
                .contains("| request member 0 to member 1 | jgroups | 64 B | 5000 | 0.3 | 600 | 600 | 0 | 0 |")
                .contains("| every member to everyone | 1.20 | - | met |")
                .contains("| member 0 to member 1 | 0.50 | - | not met |")
                // Fewer requests per second, but the p99 (the request goal) is half of JGroups'.
                .contains("| request member 0 to member 1 | 0.80 | 0.50 | met |")
                .doesNotContain("request member 0 to everyone");
    }

    @Test
    void noRatiosWithoutBothSystems() {
        String markdown = new SiteReport(List.of(stream("xsite", Scenario.TO_ALL, 10))).toMarkdown();

        assertThat(markdown).contains("| every member to everyone | xsite |").doesNotContain("Ratios");
    }

    /** {@code messages} 1 KB deliveries in 10 s. */
    private static SiteResult stream(String system, Scenario scenario, long messages) {
        return new SiteResult(system, scenario, 1024, messages, Duration.ofSeconds(10), new Histogram(3), 0, 0);
    }

    /** {@code requests} 64 B requests in 10 s, every one taking {@code micros}. */
    private static SiteResult request(String system, long requests, long micros) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(micros * 1_000, 100);
        return new SiteResult(system, Scenario.REQUEST, 64, requests, Duration.ofSeconds(10), latencies, 0, 0);
    }
}
