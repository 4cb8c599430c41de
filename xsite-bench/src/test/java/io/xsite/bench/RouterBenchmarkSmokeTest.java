package io.xsite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the real harness briefly: both a child-JVM xsite router and JGroups' blocking router, half a
 * second of 1 KB ring traffic between 2 clients each, in two rounds, and the idle-clients memory scenario with 200
 * clients. Proves the plumbing (child JVMs, load clients, histograms, CPU and memory probes, the
 * report), not any performance figure.
 */
class RouterBenchmarkSmokeTest {

    @Test
    void forwardsMessagesThroughBothRoutersAndMeasuresIdleMemory() throws Exception {
        RouterBenchmark benchmark = new RouterBenchmark();
        RouterBenchmark.commandLine(benchmark).parseArgs("--warmup", "0.2", "--duration", "0.5", "--sizes", "1024",
                "--clients", "2", "--rounds", "2", "--idle-clients", "200", "--routers", "xsite,jgroups");

        BenchmarkReport report = benchmark.runAll();

        assertThat(report.forwarding()).extracting(ForwardingResult::router)
                .containsExactly(RouterKind.XSITE, RouterKind.JGROUPS);
        assertThat(report.forwarding()).allSatisfy(r -> {
            assertThat(r.payloadBytes()).isEqualTo(1024);
            assertThat(r.clients()).isEqualTo(2);
            assertThat(r.messages()).as("messages delivered through %s", r.router()).isPositive();
            assertThat(r.latencyNanos().getTotalCount()).as("latencies recorded for %s", r.router()).isPositive();
            assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros()).isPositive();
            assertThat(r.routerCpu()).as("CPU time of the %s router", r.router()).isPositive();
            assertThat(r.loadCpu()).as("CPU time of the load clients of %s", r.router()).isPositive();
            assertThat(r.elapsed()).as("two measured rounds of 0.5 s").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(r.outOfOrder()).isZero();
        });
        assertThat(report.idle()).extracting(IdleResult::router).containsExactly(RouterKind.XSITE, RouterKind.JGROUPS);
        assertThat(report.idle()).allSatisfy(r -> {
            assertThat(r.clients()).isEqualTo(200);
            assertThat(r.heap()).as("heap of the %s router", r.router()).isPositive();
            assertThat(r.rss()).as("RSS of the %s router", r.router()).isGreaterThan(r.heap() / 2);
        });
        assertThat(report.toMarkdown())
                .contains("| xsite | 1024 B | 2 |", "| jgroups | 1024 B | 2 |", "| xsite | 1024 B | 2 | jgroups |")
                .contains("| xsite | 200 |", "| jgroups | 200 |", "xsite / jgroups: heap");
    }

    /** More clients than the router takes from one source address (256): they come from several. */
    @Test
    void registersIdleTlsClientsWithTheTlsRouter() throws Exception {
        RouterBenchmark benchmark = new RouterBenchmark();
        RouterBenchmark.commandLine(benchmark).parseArgs("--duration", "0", "--idle-clients", "300",
                "--routers", "xsite-tls");

        BenchmarkReport report = benchmark.runAll();

        assertThat(report.idle()).singleElement().satisfies(r -> {
            assertThat(r.router()).isEqualTo(RouterKind.XSITE_TLS);
            assertThat(r.clients()).isEqualTo(300);
            assertThat(r.heap()).isPositive();
        });
        assertThat(report.toMarkdown()).contains("| xsite-tls | 300 |", "xsite-tls heap with 300 idle TLS clients");
    }

    @Test
    void theTlsRouterRunsNoForwarding() {
        RouterBenchmark benchmark = new RouterBenchmark();
        RouterBenchmark.commandLine(benchmark).parseArgs("--duration", "1", "--idle-clients", "0",
                "--routers", "xsite-tls");

        assertThatThrownBy(benchmark::runAll).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--duration 0");
    }
}
