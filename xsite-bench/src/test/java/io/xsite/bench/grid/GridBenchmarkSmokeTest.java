package io.xsite.bench.grid;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.bench.Rounds.Pooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the real harness with tiny counts: redis-server and three xsite node processes, a short warm-up,
 * redis-benchmark at pipelines 1 and 16 in one round (against the site also as a cluster client), 2,000 entries
 * for the memory part. 5,000 requests a test: with too few, redis-server may answer a pipelined test within a
 * millisecond, which redis-benchmark reports as "inf" requests/s (its fastest here, INCR at pipeline 16, takes
 * several milliseconds for 5,000). Proves the plumbing (both systems start,
 * redis-benchmark's CSV is read for every command, {@code --cluster} finds the site's members and slots, memory
 * is measured on both), not any performance figure.
 */
class GridBenchmarkSmokeTest {

    @Test
    void bothSystemsAnswerEveryCommandAndReportTheirMemory() throws Exception {
        require("redis-server");
        require("redis-benchmark");
        GridBenchmark benchmark = new GridBenchmark();
        new picocli.CommandLine(benchmark).parseArgs("--requests", "5000", "--keyspace", "1000",
                "--warmup-requests", "500", "--rounds", "1", "--memory-entries", "2000",
                "--xsite-jvm-options", "-Xmx256m -XX:TieredStopAtLevel=1");

        GridReport report = benchmark.runAll();
        List<CommandFigures> pooled = report.pooled().stream().map(Pooled::result).toList();

        assertThat(pooled).extracting(f -> f.pipeline() + " " + f.test()).containsOnly("1 SET", "1 GET", "1 INCR",
                "1 MSET (10 keys)", "16 SET", "16 GET", "16 INCR", "16 MSET (10 keys)");
        assertThat(pooled).extracting(CommandFigures::system).containsOnly("redis-server", "xsite", "xsite --cluster");
        assertThat(pooled).hasSize(24).allSatisfy(f -> assertThat(f.p99Ms()).isGreaterThanOrEqualTo(f.p50Ms()));
        assertThat(report.memory()).extracting(MemoryResult::system).containsExactly("redis-server", "xsite");
        assertThat(report.memory()).allSatisfy(m -> {
            // A 16-byte key and a 100-byte value take at least their own bytes, in any store.
            assertThat(m.accountedBytesPerCopy()).as(m.system() + " store bytes per entry").isGreaterThan(100);
        });
        assertThat(report.toMarkdown()).contains("| 1 | GET | xsite | 1 |", "| 1 | GET | xsite --cluster | 1 |",
                "| 16 | MSET (10 keys) | redis-server | 1 |",
                "| 1 | GET |", "requests/s >= 1.0, p99 <= 2.0", "requests/s >= 0.7, p99 <= 2.0",
                "xsite / redis-server per entry and copy");
    }

    /**
     * Skips the test where {@code command} is not installed, or fails it on CI ({@code CI=true}), as xsite-core's
     * RequiredTool does (its test jar is not on this module's class path: its logback-test.xml would be).
     */
    private static void require(String command) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
        String reason = command + " is not installed; the grid benchmark needs it: run .ci/install-prerequisites";
        if (!found && "true".equalsIgnoreCase(System.getenv().getOrDefault("CI", "").strip())) {
            Assertions.fail(reason + " (CI=true: a missing tool fails the run instead of skipping tests)");
        }
        Assumptions.assumeTrue(found, reason);
    }
}
