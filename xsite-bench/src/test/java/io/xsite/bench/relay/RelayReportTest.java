package io.xsite.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.bench.Rounds.Pooled;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The relay report's pooling of rounds, tables, ratios per round and goals from known results, without any site. */
class RelayReportTest {

    @Test
    void chatRoundsArePooledIntoOneHistogramPerSystem() {
        // Round 1 runs JGroups first, as the benchmark does.
        RelayReport report = report(List.of(
                List.of(chat("xsite", 100), chat("jgroups", 200)),
                List.of(chat("jgroups", 200), chat("xsite", 300))), List.of(List.of(), List.of()));

        assertThat(report.pooledChat()).extracting(p -> p.result().system()).containsExactly("xsite", "jgroups");
        assertThat(report.pooledChat()).extracting(Pooled::rounds).containsExactly(2, 2);
        ChatResult xsite = report.pooledChat().get(0).result();
        assertThat(xsite.roundTrips()).isEqualTo(200);
        assertThat(xsite.p50Micros()).isEqualTo(100.0, Offset.offset(1.0));
        assertThat(xsite.p99Micros()).isEqualTo(300.0, Offset.offset(1.0));
        assertThat(report.toMarkdown())
                .contains("| system | line | rounds | round trips | p50 us | p99 us | max us |")
                .contains("| xsite | 64 B | 2 | 200 | 100 | 300 | 300 |")
                .contains("| jgroups | 64 B | 2 | 200 | 200 | 200 | 200 |")
                // Better than JGroups in round 0, worse in round 1; pooled, xsite's p99 is its round-1 p99.
                .contains("| chat round trip p99 | 1.50 | <= 1.00 | not met | 0.50, 1.50 |");
    }

    @Test
    void throughputRoundsArePooledAsRatesOverTheSummedTime() {
        // xsite 64 B: 30,000/s over 10 s, then 10,000/s over 5 s: 350,000 in 15 s pooled, 23,333/s.
        // xsite 1024 B failed in round 1: its row pools one round and that round has no ratio.
        RelayReport report = report(List.of(List.of(), List.of()), List.of(
                List.of(stream("xsite", 64, 300_000, 10, 1), stream("jgroups", 64, 100_000, 10, 0),
                        stream("xsite", 1024, 100_000, 10, 0), stream("jgroups", 1024, 100_000, 10, 0)),
                List.of(stream("jgroups", 64, 100_000, 10, 0), stream("xsite", 64, 50_000, 5, 2),
                        stream("jgroups", 1024, 100_000, 10, 0))));

        assertThat(report.pooledThroughput()).extracting(p -> p.result().system() + " " + p.result().payloadBytes()
                + " " + p.rounds()).containsExactly("xsite 64 2", "jgroups 64 2", "xsite 1024 1", "jgroups 1024 2");
        ThroughputResult xsite64 = report.pooledThroughput().get(0).result();
        assertThat(xsite64.delivered()).isEqualTo(350_000);
        assertThat(xsite64.sent()).isEqualTo(350_003);
        assertThat(xsite64.elapsed()).isEqualTo(Duration.ofSeconds(15));
        assertThat(xsite64.lost()).isEqualTo(3);
        assertThat(xsite64.duplicates()).isEqualTo(3);
        assertThat(xsite64.outOfOrder()).isEqualTo(3);
        assertThat(report.toMarkdown())
                .contains("| system | payload | rounds | msgs/s | MB/s | CPU us/msg | sent | out of order | duplicates"
                        + " | lost |")
                .contains("| xsite | 64 B | 2 | 23333 | 1.5 | 1.0 | 350003 | 3 | 3 | 3 |")
                .contains("| xsite | 1024 B | 1 | 10000 | 10.2 | 1.0 | 100000 | 0 | 0 | 0 |")
                .contains("| throughput 64 B | 2.33 | >= 1.50 | met | 3.00, 1.00 |")
                .contains("| throughput 1024 B | 1.00 | >= 1.50 | not met | 1.00, - |")
                .doesNotContain("Chat round trip");
    }

    @Test
    void failoverStaysASingleRunWithoutRatiosPerRound() {
        RelayReport report = new RelayReport(List.of(), List.of(),
                List.of(failover("xsite", 2), failover("jgroups", 4)), List.of("jgroups chat round 2 of 2: no reply"));

        assertThat(report.toMarkdown())
                .contains("| failover time | 0.50 | <= 1.00 | met | - |")
                .contains("| failover loss (xsite: lost, duplicates) | 0, 0 | 0, 0 | met | - |")
                .contains("* jgroups chat round 2 of 2: no reply")
                .doesNotContain("Chat round trip", "Cross-site unicast throughput");
    }

    @Test
    void securedSystemsAreComparedWithJGroupsWithTlsAndWithXsiteWithout() {
        RelayReport report = new RelayReport(
                List.of(List.of(chat("xsite", 100), chat("xsite-tls", 150), chat("jgroups-tls", 300))),
                List.of(List.of(stream("xsite", 64, 100_000, 10, 0), stream("xsite-tls", 64, 50_000, 10, 0),
                        stream("jgroups-tls", 64, 20_000, 10, 0), stream("xsite", 1024, 100_000, 10, 0),
                        stream("xsite-tls", 1024, 80_000, 10, 0), stream("jgroups-tls", 1024, 60_000, 10, 0))),
                List.of(), List.of());

        String markdown = report.toMarkdown();
        String secured = markdown.substring(markdown.indexOf("Goals, xsite-tls / jgroups-tls"),
                markdown.indexOf("Goals, xsite-tls / xsite "));
        String cost = markdown.substring(markdown.indexOf("Goals, xsite-tls / xsite "));
        assertThat(markdown).doesNotContain("Goals, xsite / jgroups");
        assertThat(secured)
                .contains("| goal | xsite-tls / jgroups-tls | target | verdict | per round |")
                .contains("| chat round trip p99 | 0.50 | <= 1.00 | met | 0.50 |")
                .contains("| throughput 64 B | 2.50 | >= 1.50 | met | 2.50 |")
                .contains("| throughput 1024 B | 1.33 | >= 1.50 | not met | 1.33 |");
        // Only the 1 KB throughput has a goal (at most 25% lost); the others are reported without a verdict.
        assertThat(cost)
                .contains("| chat round trip p99 | 1.50 | - | - | 1.50 |")
                .contains("| throughput 64 B | 0.50 | - | - | 0.50 |")
                .contains("| throughput 1024 B | 0.80 | >= 0.75 | met | 0.80 |");
    }

    @Test
    void poolingRefusesResultsOfDifferentSizes() {
        assertThatThrownBy(() -> stream("xsite", 64, 1, 1, 0).plus(stream("xsite", 1024, 1, 1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot pool");
        assertThatThrownBy(() -> chat("xsite", 1).plus(chat("jgroups", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot pool");
    }

    private static RelayReport report(List<List<ChatResult>> chat, List<List<ThroughputResult>> throughput) {
        return new RelayReport(chat, throughput, List.of(), List.of());
    }

    /** 100 chat round trips of 64 B lines, each taking {@code micros}. */
    private static ChatResult chat(String system, long micros) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(micros * 1_000, 100);
        return new ChatResult(system, 64, latencies);
    }

    /** {@code delivered} messages in {@code seconds}; {@code bad} of each kind: lost, duplicate, out of order. */
    private static ThroughputResult stream(String system, int size, long delivered, long seconds, long bad) {
        return new ThroughputResult(system, size, delivered + bad, delivered, Duration.ofSeconds(seconds),
                delivered * 1_000, bad, bad, bad);
    }

    /** A failover without loss, traffic again after {@code seconds}. */
    private static FailoverResult failover(String system, long seconds) {
        Duration recovery = Duration.ofSeconds(seconds);
        return new FailoverResult(system, 500, 2_500, Optional.of(recovery), recovery, 0, 0, 0);
    }
}
