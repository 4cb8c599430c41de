package io.xsite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's figures and ratios from known results, without any router. */
class BenchmarkReportTest {

    @Test
    void ratiosCompareXsiteWithEachJGroupsRouterOfTheSameScenario() {
        ForwardingResult xsite = result(RouterKind.XSITE, 300_000, 1_000, 1.5);
        ForwardingResult jgroups = result(RouterKind.JGROUPS, 100_000, 2_000, 1.0);
        ForwardingResult nio = result(RouterKind.JGROUPS_NIO, 250_000, 500, 1.0);

        String markdown = new BenchmarkReport(List.of(xsite, jgroups, nio), List.of()).toMarkdown();

        assertThat(xsite.messagesPerSecond()).isEqualTo(30_000.0);
        assertThat(xsite.megabytesPerSecond()).isEqualTo(30_000.0 * 1024 / 1e6);
        assertThat(xsite.cpuMicrosPerMessage()).isEqualTo(5.0);
        assertThat(markdown)
                .contains("| xsite | 1024 B | 2 | 30000 | 30.7 |")
                // throughput 3.00, p99 0.50, CPU per message 1.5 / 1.0 * 100k / 300k = 0.50
                .contains("| xsite | 1024 B | 2 | jgroups | 3.00 | 0.50 | 0.50 | met |")
                .contains("| xsite | 1024 B | 2 | jgroups-nio | 1.20 | 2.00 | 1.25 | not met |");
    }

    @Test
    void theLoadClientsCpuIsReportedPerMessage() {
        ForwardingResult xsite = result(RouterKind.XSITE, 400_000, 1_000, 1.5);

        String markdown = new BenchmarkReport(List.of(xsite), List.of()).toMarkdown();

        // 4 s of load CPU over 400,000 messages: 10 us each
        assertThat(xsite.loadCpuMicrosPerMessage()).isEqualTo(10.0);
        assertThat(markdown).contains("| 1.50 | 3.8 | 4.00 | 10.0 | 0 |");
    }

    @Test
    void roundsOfOneRouterAddUpToOneResult() {
        ForwardingResult first = result(RouterKind.XSITE, 300_000, 1_000, 1.5);
        ForwardingResult second = result(RouterKind.XSITE, 100_000, 3_000, 0.5);

        ForwardingResult both = first.plus(second);

        // 400,000 messages in 20 s; 2 s of router CPU: 5 us per message; half the latencies at 3 ms
        assertThat(both.messagesPerSecond()).isEqualTo(20_000.0);
        assertThat(both.cpuMicrosPerMessage()).isEqualTo(5.0);
        assertThat(both.loadCpuSeconds()).isEqualTo(8.0);
        assertThat(both.latencyNanos().getTotalCount()).isEqualTo(200);
        assertThat(both.p99Micros()).isGreaterThanOrEqualTo(3_000.0);
        assertThatThrownBy(() -> first.plus(result(RouterKind.JGROUPS, 1, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theXsiteRouterWithALoopPerCoreGetsRatiosOfItsOwn() {
        ForwardingResult loops = result(RouterKind.XSITE_LOOP_PER_CORE, 200_000, 1_000, 1.0);
        ForwardingResult jgroups = result(RouterKind.JGROUPS, 100_000, 2_000, 1.0);

        String markdown = new BenchmarkReport(List.of(loops, jgroups), List.of()).toMarkdown();

        assertThat(markdown).contains("| xsite-loops | 1024 B | 2 | jgroups | 2.00 | 0.50 | 0.50 | met |");
    }

    @Test
    void idleSectionReportsTheHeapGoalAndRatios() {
        long mib = 1 << 20;
        IdleResult xsite = new IdleResult(RouterKind.XSITE, 10_000, 5 * mib, 50 * mib, 45 * mib, 150 * mib);
        IdleResult jgroups = new IdleResult(RouterKind.JGROUPS, 10_000, 5 * mib, 50 * mib, 90 * mib, 600 * mib);

        String markdown = new BenchmarkReport(List.of(), List.of(xsite, jgroups)).toMarkdown();

        assertThat(xsite.heapBytesPerClient()).isEqualTo(40.0 * mib / 10_000);
        assertThat(markdown).contains("| xsite | 10000 | 45.0 | 150.0 |")
                .contains("goal < 256 MiB: met")
                .contains("xsite / jgroups: heap 0.50, RSS 0.25");
    }

    @Test
    void routerNamesAreTheCommandLineNames() {
        assertThat(RouterKind.of("jgroups-nio")).isEqualTo(RouterKind.JGROUPS_NIO);
        assertThat(RouterKind.of("xsite-tls")).isEqualTo(RouterKind.XSITE_TLS);
        assertThat(RouterKind.of("xsite-loops")).isEqualTo(RouterKind.XSITE_LOOP_PER_CORE);
        assertThatThrownBy(() -> RouterKind.of("nio")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xsite, xsite-loops, xsite-tls, jgroups, jgroups-nio");
    }

    @Test
    void theTlsRouterHasTheHeapGoalOfIssue15AndIsNoJGroupsPeer() {
        long mib = 1 << 20;
        IdleResult tls = new IdleResult(RouterKind.XSITE_TLS, 10_000, 5 * mib, 50 * mib, 60 * mib, 330 * mib);
        IdleResult xsite = new IdleResult(RouterKind.XSITE, 10_000, 5 * mib, 50 * mib, 45 * mib, 150 * mib);

        String markdown = new BenchmarkReport(List.of(), List.of(tls, xsite)).toMarkdown();

        assertThat(RouterKind.XSITE_TLS.isJGroups()).isFalse();
        assertThat(markdown).contains("| xsite-tls | 10000 | 60.0 | 330.0 |")
                .contains("xsite-tls heap with 10000 idle TLS clients: 60.0 MiB, goal <= 512 MiB: met")
                .doesNotContain("xsite / xsite-tls");
    }

    /** {@code messages} 1 KB messages between 2 clients in 10 s, every latency {@code p99Micros}. */
    private static ForwardingResult result(RouterKind router, long messages, long p99Micros, double cpuSeconds) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(p99Micros * 1_000, 100);
        return new ForwardingResult(router, 1024, 2, messages, Duration.ofSeconds(10), latencies,
                Duration.ofMillis(Math.round(cpuSeconds * 1000)), Duration.ofSeconds(4), 0);
    }
}
