package io.xsite.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything one benchmark run measured, and its rendering as Markdown tables: the figures per
 * router, then xsite's ratios against each JGroups router and whether the goals are met.
 *
 * @param forwarding one result per router and forwarding scenario
 * @param idle       one result per router in the idle-clients scenario; empty when it was skipped
 */
public record BenchmarkReport(List<ForwardingResult> forwarding, List<IdleResult> idle) {
    /** Goal: xsite forwards at least this many times the JGroups router's messages per second. */
    public static final double THROUGHPUT_GOAL = 1.5;
    /** Goal: xsite's heap with the idle clients stays below this many MiB. */
    public static final double IDLE_HEAP_GOAL_MB = 256;
    /** Goal of issue 15: the TLS router's heap with the idle TLS clients stays within this many MiB. */
    public static final double IDLE_TLS_HEAP_GOAL_MB = 512;

    public BenchmarkReport {
        forwarding = List.copyOf(forwarding);
        idle = List.copyOf(idle);
    }

    /** The report as Markdown. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        if (!forwarding.isEmpty()) {
            out.append("### Forwarding\n\n")
                    .append("| router | payload | clients | msgs/s | MB/s | p50 us | p99 us | router CPU s"
                            + " | CPU us/msg | load CPU s | load CPU us/msg | out of order |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            forwarding.forEach(r -> out.append(format(
                    "| %s | %d B | %d | %.0f | %.1f | %.0f | %.0f | %.2f | %.1f | %.2f | %.1f | %d |%n",
                    r.router(), r.payloadBytes(), r.clients(), r.messagesPerSecond(), r.megabytesPerSecond(),
                    r.p50Micros(), r.p99Micros(), r.routerCpuSeconds(), r.cpuMicrosPerMessage(), r.loadCpuSeconds(),
                    r.loadCpuMicrosPerMessage(), r.outOfOrder())));
            appendForwardingRatios(out);
        }
        if (!idle.isEmpty()) {
            out.append("\n### Idle clients\n\n")
                    .append("| router | clients | heap after GC MiB | RSS MiB | heap B/client | RSS B/client |\n")
                    .append("|---|---:|---:|---:|---:|---:|\n");
            idle.forEach(r -> out.append(format("| %s | %d | %.1f | %.1f | %.0f | %.0f |%n", r.router(), r.clients(),
                    r.heapMb(), r.rssMb(), r.heapBytesPerClient(), r.rssBytesPerClient())));
            appendIdleRatios(out);
        }
        return out.toString();
    }

    private void appendForwardingRatios(StringBuilder out) {
        StringBuilder rows = new StringBuilder();
        for (ForwardingResult x : forwarding) {
            if (x.router().isJGroups()) {
                continue;
            }
            forwarding.stream()
                    .filter(j -> j.router().isJGroups() && j.payloadBytes() == x.payloadBytes()
                            && j.clients() == x.clients())
                    .forEach(j -> {
                        double throughput = x.messagesPerSecond() / j.messagesPerSecond();
                        double p99 = x.p99Micros() / j.p99Micros();
                        boolean met = throughput >= THROUGHPUT_GOAL && p99 <= 1.0;
                        rows.append(format("| %s | %d B | %d | %s | %.2f | %.2f | %.2f | %s |%n", x.router(),
                                x.payloadBytes(), x.clients(), j.router(), throughput, p99,
                                x.cpuMicrosPerMessage() / j.cpuMicrosPerMessage(), met ? "met" : "not met"));
                    });
        }
        if (rows.length() > 0) {
            out.append("\nRatios xsite / JGroups (throughput: higher is better; p99 and CPU per message: lower"
                            + " is better; goal: throughput >= ")
                    .append(THROUGHPUT_GOAL).append(" and p99 <= 1.00)\n\n")
                    .append("| xsite | payload | clients | vs | throughput | p99 | CPU/msg | goal |\n")
                    .append("|---|---:|---:|---|---:|---:|---:|---|\n")
                    .append(rows);
        }
    }

    private void appendIdleRatios(StringBuilder out) {
        idle.stream().filter(r -> r.router() == RouterKind.XSITE_TLS).findFirst().ifPresent(t -> out.append(format(
                "%nxsite-tls heap with %d idle TLS clients: %.1f MiB, goal <= %.0f MiB: %s%n", t.clients(), t.heapMb(),
                IDLE_TLS_HEAP_GOAL_MB, t.heapMb() <= IDLE_TLS_HEAP_GOAL_MB ? "met" : "not met")));
        Optional<IdleResult> xsite = idle.stream().filter(r -> r.router() == RouterKind.XSITE).findFirst();
        if (xsite.isEmpty()) {
            return;
        }
        IdleResult x = xsite.get();
        out.append(format("%nxsite heap with %d idle clients: %.1f MiB, goal < %.0f MiB: %s%n", x.clients(),
                x.heapMb(), IDLE_HEAP_GOAL_MB, x.heapMb() < IDLE_HEAP_GOAL_MB ? "met" : "not met"));
        idle.stream().filter(r -> r.router().isJGroups()).forEach(j -> out.append(format(
                "xsite / %s: heap %.2f, RSS %.2f%n", j.router(), x.heapMb() / j.heapMb(), x.rssMb() / j.rssMb())));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
