package io.xsite.grid.resp;

import static io.xsite.grid.resp.RespClient.command;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The "operations and latencies per command" as the RESP server meters them: a count, an error count
 * and a median and 99th percentile per command, tagged with the served name.
 */
class RespMetricsTest {
    private final RespTestServer server = new RespTestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyCommandIsCountedWithItsLatencyPercentilesAndErrors() {
        try (RespClient client = new RespClient(server.host(), server.port())) {
            for (int i = 0; i < 20; i++) {
                client.send(command("SET", "k" + i, "v"));
                client.read("+OK\r\n");
                client.send(command("GET", "k" + i));
                client.read("$1\r\nv\r\n");
            }
            client.send(command("INCR", "k0"));
            String error = "-ERR value is not an integer or out of range\r\n";
            assertThat(client.read(error)).isEqualTo(error);
        }
        // The last reply is counted on the event loop after it was written.
        await().atMost(ofSeconds(10)).until(() -> timer("incr").count() == 1);

        for (String command : new String[] {"get", "set"}) {
            Timer timer = timer(command);
            assertThat(timer.count()).as(command).isEqualTo(20);
            ValueAtPercentile[] percentiles = timer.takeSnapshot().percentileValues();
            assertThat(Arrays.stream(percentiles).map(ValueAtPercentile::percentile)).as(command)
                    .containsExactly(0.5, 0.99);
            assertThat(percentiles[1].value(TimeUnit.NANOSECONDS)).as(command + " p99")
                    .isPositive().isGreaterThanOrEqualTo(percentiles[0].value(TimeUnit.NANOSECONDS));
        }
        assertThat(server.registry.get("xsite_grid_resp_command_errors").tag("command", "incr").counter().count())
                .isEqualTo(1);
        assertThat(server.registry.get("xsite_grid_resp_command_errors").tag("command", "get").counter().count())
                .isZero();
    }

    private Timer timer(String command) {
        return server.registry.get("xsite_grid_resp_commands").tag("command", command).timer();
    }
}
