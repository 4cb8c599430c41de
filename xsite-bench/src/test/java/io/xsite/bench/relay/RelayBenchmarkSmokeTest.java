package io.xsite.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.bench.Rounds.Pooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs the real harness briefly: both systems with two sites and two routers each, chat and throughput
 * in two rounds of well under a second of load, and one site-master crash each. Proves the plumbing
 * (sites and bridges form, chat round trips complete with all 8 replies, streams run and are accounted
 * for, the second round runs JGroups first, the report pools both rounds, the crash happens and is
 * reported, the report has every table), not any performance figure and not the loss goal (that is
 * what the benchmark reports).
 */
class RelayBenchmarkSmokeTest {

    @Test
    void bothSystemsRunEveryScenario() throws Exception {
        RelayBenchmark benchmark = new RelayBenchmark();
        new CommandLine(benchmark).parseArgs("--warmup", "0.2", "--duration", "0.5", "--sizes", "64,16384",
                "--failover-before", "0.5", "--failover-after", "0.2", "--drain", "10", "--rounds", "2");

        RelayReport report = benchmark.runAll();
        List<ChatResult> chat = report.pooledChat().stream().map(Pooled::result).toList();
        List<ThroughputResult> throughput = report.pooledThroughput().stream().map(Pooled::result).toList();

        assertThat(report.failures()).isEmpty();
        assertThat(report.chat()).extracting(round -> round.stream().map(ChatResult::system).toList())
                .containsExactly(List.of("xsite", "jgroups"), List.of("jgroups", "xsite"));
        assertThat(report.throughput()).extracting(round -> round.stream().map(r -> r.system() + " " + r.payloadBytes())
                .toList()).containsExactly(List.of("xsite 64", "jgroups 64", "xsite 16384", "jgroups 16384"),
                List.of("jgroups 64", "xsite 64", "jgroups 16384", "xsite 16384"));
        assertThat(report.pooledChat()).extracting(Pooled::rounds).containsExactly(2, 2);
        assertThat(report.pooledThroughput()).extracting(Pooled::rounds).containsOnly(2);
        assertThat(chat).extracting(ChatResult::system).containsExactly("xsite", "jgroups");
        assertThat(chat).allSatisfy(r -> {
            assertThat(r.roundTrips()).as("%s chat round trips", r.system()).isPositive();
            assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros()).isPositive();
        });
        assertThat(throughput).extracting(r -> r.system() + " " + r.payloadBytes())
                .containsExactly("xsite 64", "jgroups 64", "xsite 16384", "jgroups 16384");
        assertThat(throughput).allSatisfy(r -> {
            assertThat(r.sent()).as("%s %d B sent", r.system(), r.payloadBytes()).isPositive();
            assertThat(r.lost()).as("%s %d B lost", r.system(), r.payloadBytes()).isBetween(0L, r.sent());
        });
        assertThat(report.failover()).extracting(FailoverResult::system).containsExactly("xsite", "jgroups");
        assertThat(report.failover()).allSatisfy(r -> {
            assertThat(r.sent()).as("%s failover sent", r.system()).isPositive();
            assertThat(r.lost()).as("%s failover lost", r.system()).isBetween(0L, r.sent());
        });
        assertThat(report.toMarkdown())
                .contains("| xsite | 64 B | 2 |", "| jgroups | 64 B | 2 |", "| xsite | 16384 B | 2 |",
                        "| jgroups | 16384 B | 2 |")
                .contains("Chat round trip", "Site-master failover", "| chat round trip p99 |",
                        "| throughput 64 B |", "| failover time |", "| failover loss");
    }

    @Test
    void securedSystemsRunChatAndThroughput() throws Exception {
        RelayBenchmark benchmark = new RelayBenchmark();
        new CommandLine(benchmark).parseArgs("--warmup", "0.2", "--duration", "0.5", "--sizes", "1024",
                "--drain", "10", "--rounds", "1", "--scenarios", "chat,throughput", "--systems", "xsite-tls,xsite-tls-bridge,jgroups-tls");

        RelayReport report = benchmark.runAll();

        assertThat(report.failures()).isEmpty();
        assertThat(report.pooledChat()).extracting(p -> p.result().system())
                .containsExactly("xsite-tls", "xsite-tls-bridge", "jgroups-tls");
        assertThat(report.pooledChat()).allSatisfy(p -> assertThat(p.result().roundTrips()).isPositive());
        assertThat(report.pooledThroughput()).extracting(p -> p.result().system())
                .containsExactly("xsite-tls", "xsite-tls-bridge", "jgroups-tls");
        assertThat(report.pooledThroughput()).allSatisfy(p -> assertThat(p.result().delivered()).isPositive());
        assertThat(report.toMarkdown()).contains("Goals, xsite-tls / jgroups-tls",
                "Goals, xsite-tls-bridge / jgroups-tls", "| throughput 1024 B |");
    }
}
