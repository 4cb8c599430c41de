package io.xsite.grid.resp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RESP server's meters: {@code xsite_grid_resp_commands_seconds{command}} (count, time and p50/p99 of
 * each command, from its dispatch to its reply: the latency a client sees, less the network), {@code xsite_grid_resp_command_errors_total{command}} (error
 * replies), {@code xsite_grid_resp_connections}, {@code xsite_grid_resp_protocol_errors_total{reason}}
 * (connections closed for bytes that are not RESP or over a limit) and
 * {@code xsite_grid_resp_reads_paused_total} (a client's reading stopped: too many replies pending). Command
 * tags are the served names and {@code unknown}, never what a client sent. Thread-safe.
 */
final class RespMetrics {
    private static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new HashMap<>();
    private final Map<String, Counter> errors = new HashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter paused;

    RespMetrics(MeterRegistry registry, Set<String> commands) {
        this.registry = registry;
        for (String command : commands) {
            register(command);
        }
        register(UNKNOWN);
        Gauge.builder("xsite_grid_resp_connections", connections, AtomicInteger::get)
                .description("open RESP connections").register(registry);
        paused = Counter.builder("xsite_grid_resp_reads_paused")
                .description("times a RESP client's reading stopped because too many replies were pending")
                .register(registry);
    }

    private void register(String command) {
        timers.put(command, Timer.builder("xsite_grid_resp_commands").description("RESP commands, dispatch to reply")
                .tag("command", command).publishPercentiles(0.5, 0.99).register(registry));
        errors.put(command, Counter.builder("xsite_grid_resp_command_errors").description("RESP error replies")
                .tag("command", command).register(registry));
    }

    /** Counts one {@code command} answered {@code nanos} after its dispatch, with an error or not. */
    void answered(String command, long nanos, boolean error) {
        String tag = timers.containsKey(command) ? command : UNKNOWN;
        timers.get(tag).record(nanos, TimeUnit.NANOSECONDS);
        if (error) {
            errors.get(tag).increment();
        }
    }

    void connected() {
        connections.incrementAndGet();
    }

    void disconnected() {
        connections.decrementAndGet();
    }

    /** The number of open connections. */
    int connections() {
        return connections.get();
    }

    void readsPaused() {
        paused.increment();
    }

    /** Counts a connection closed for a protocol violation. */
    void violation(String reason) {
        Counter.builder("xsite_grid_resp_protocol_errors").description("RESP connections closed for bad input")
                .tag("reason", reason).register(registry).increment();
    }
}
