package io.xsite.bench.site;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything one site benchmark run measured, as Markdown: one row per system and scenario, then
 * xsite's ratios against JGroups per scenario and whether the goal holds (streams: throughput
 * at least JGroups'; requests: p99 no worse than JGroups').
 *
 * @param results one result per system and scenario
 */
record SiteReport(List<SiteResult> results) {
    /** The system the ratios are about. */
    static final String XSITE = "xsite";
    /** The system xsite is compared with. */
    static final String JGROUPS = "jgroups";

    SiteReport {
        results = List.copyOf(results);
    }

    /** The report as Markdown. */
    String toMarkdown() {
        StringBuilder out = new StringBuilder()
                .append("| scenario | system | payload | msgs/s | MB/s | p50 us | p99 us | out of order | lost |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SiteResult r : results) {
            out.append(format("| %s | %s | %d B | %.0f | %.1f | %s | %s | %d | %d |%n", r.scenario().description(),
                    r.system(), r.payloadBytes(), r.perSecond(), r.megabytesPerSecond(),
                    r.hasLatency() ? format("%.0f", r.p50Micros()) : "-",
                    r.hasLatency() ? format("%.0f", r.p99Micros()) : "-", r.outOfOrder(), r.lost()));
        }
        appendRatios(out);
        return out.toString();
    }

    private void appendRatios(StringBuilder out) {
        StringBuilder rows = new StringBuilder();
        for (Scenario scenario : Scenario.values()) {
            Optional<SiteResult> x = find(XSITE, scenario);
            Optional<SiteResult> j = find(JGROUPS, scenario);
            if (x.isEmpty() || j.isEmpty()) {
                continue;
            }
            double throughput = x.get().perSecond() / j.get().perSecond();
            boolean met;
            String p99;
            if (scenario.isStream()) {
                met = throughput >= 1.0;
                p99 = "-";
            } else {
                double ratio = x.get().p99Micros() / j.get().p99Micros();
                met = ratio <= 1.0;
                p99 = format("%.2f", ratio);
            }
            rows.append(format("| %s | %.2f | %s | %s |%n", scenario.description(), throughput, p99,
                    met ? "met" : "not met"));
        }
        if (rows.length() > 0) {
            out.append("\nRatios xsite / JGroups (throughput: higher is better; p99: lower is better; goal: streams"
                            + " throughput >= 1.00, requests p99 <= 1.00)\n\n")
                    .append("| scenario | throughput | p99 | goal |\n")
                    .append("|---|---:|---:|---|\n")
                    .append(rows);
        }
    }

    private Optional<SiteResult> find(String system, Scenario scenario) {
        return results.stream().filter(r -> r.system().equals(system) && r.scenario() == scenario).findFirst();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
