package io.xsite.bench.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** redis-benchmark's CSV, as redis-benchmark 7.0 prints it, read by column name. */
class RedisBenchmarkCsvTest {
    private static final String HEADER = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
            + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n";

    @Test
    void readsEveryTestWithItsRequestsPerSecondAndPercentiles() {
        String csv = "WARNING: a warning before the table\n" + HEADER
                + "\"SET\",\"24777.01\",\"1.452\",\"0.192\",\"1.111\",\"3.791\",\"6.303\",\"15.431\"\n"
                + "\"MSET (10 keys)\",\"21276.60\",\"1.893\",\"0.392\",\"1.679\",\"3.799\",\"6.047\",\"8.991\"\n";

        assertThat(RedisBenchmarkCsv.parse("redis-server", 16, csv)).containsExactly(
                new CommandFigures("redis-server", 16, "SET", 24777.01, 1.111, 6.303),
                new CommandFigures("redis-server", 16, "MSET (10 keys)", 21276.60, 1.679, 6.047));
    }

    @Test
    void refusesOutputWithoutTheColumnsItNeeds() {
        assertThatThrownBy(() -> RedisBenchmarkCsv.parse("x", 1, "\"test\",\"rps\"\n\"SET\",\"1.0\"\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p50_latency_ms");
        assertThatThrownBy(() -> RedisBenchmarkCsv.parse("x", 1, "SET: 1000 requests per second\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no redis-benchmark CSV header");
        assertThatThrownBy(() -> RedisBenchmarkCsv.parse("x", 1, HEADER + "\"SET\",\"fast\",\"1\",\"1\",\"1\",\"1\","
                + "\"1\",\"1\"\n")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> RedisBenchmarkCsv.parse("x", 16, HEADER + "\"INCR\",\"inf\",\"0.469\",\"0.224\","
                + "\"0.463\",\"0.703\",\"0.719\",\"0.735\"\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more requests");
    }
}
