package io.xsite.bench.infinispan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything one run measured, as Markdown: the put loads per system, strategy and value size, xsite's ratios
 * against Infinispan with the goals of issue 18, and the whole-site loss side by side.
 *
 * @param puts   one entry per system, strategy and value size
 * @param losses one entry per system; empty when the scenario was skipped
 */
record SitesReport(List<PutFigures> puts, List<LossFigures> losses) {
    /** Goal: xsite puts at least this many times Infinispan's puts per second. */
    static final double THROUGHPUT_GOAL = 3;
    /** Goal: xsite's put p99 and async lag p99 are at most this fraction of Infinispan's. */
    static final double LATENCY_GOAL = 0.5;

    SitesReport {
        puts = List.copyOf(puts);
        losses = List.copyOf(losses);
    }

    String toMarkdown() {
        StringBuilder out = new StringBuilder("### Puts\n\n")
                .append("| system | backup | value | writers | puts/s | p50 ms | p99 ms | errors | lag p50 ms"
                        + " | lag p99 ms | lag max ms | lag probes | lag lost |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PutFigures p : puts) {
            String lag = p.lag().map(l -> format("%.1f | %.1f | %.1f | %d | %d", l.p50Ms(), l.p99Ms(), l.maxMs(),
                    l.samples(), l.lost())).orElse("- | - | - | - | -");
            out.append(format("| %s | %s | %d B | %d | %.0f | %.2f | %.2f | %d | %s |%n", p.system(), p.strategy(),
                    p.valueBytes(), p.writers(), p.putsPerSecond(), p.p50Ms(), p.p99Ms(), p.errors(), lag));
        }
        appendRatios(out);
        if (!losses.isEmpty()) {
            out.append("\n### Whole site killed under async load\n\n")
                    .append("| system | writers | puts/s before | acknowledged | missing at sfc"
                            + " | missing as ms of load |\n")
                    .append("|---|---:|---:|---:|---:|---:|\n");
            losses.forEach(l -> out.append(format("| %s | %d | %.0f | %d | %d | %.0f |%n", l.system(), l.writers(),
                    l.putsPerSecond(), l.acknowledged(), l.missing(), l.missingMs())));
        }
        return out.toString();
    }

    private void appendRatios(StringBuilder out) {
        StringBuilder rows = new StringBuilder();
        for (PutFigures x : puts) {
            if (!x.system().equals(XsiteSites.SYSTEM)) {
                continue;
            }
            Optional<PutFigures> peer = puts.stream().filter(i -> i.system().equals(InfinispanSites.SYSTEM)
                    && i.strategy() == x.strategy() && i.valueBytes() == x.valueBytes()).findFirst();
            peer.ifPresent(i -> {
                double throughput = x.putsPerSecond() / i.putsPerSecond();
                double p99 = x.p99Ms() / i.p99Ms();
                Optional<Double> lag = x.lag().flatMap(xl -> i.lag().map(il -> xl.p99Ms() / il.p99Ms()));
                boolean met = throughput >= THROUGHPUT_GOAL && p99 <= LATENCY_GOAL
                        && lag.map(l -> l <= LATENCY_GOAL).orElse(true);
                rows.append(format("| %s | %d B | %.2f | %.2f | %s | %s |%n", x.strategy(), x.valueBytes(), throughput,
                        p99, lag.map(l -> format("%.2f", l)).orElse("-"), met ? "met" : "not met"));
            });
        }
        if (rows.length() > 0) {
            out.append("\nRatios xsite / Infinispan (goals: puts/s >= ").append(format("%.0f", THROUGHPUT_GOAL))
                    .append(", put p99 and async lag p99 <= ").append(format("%.1f", LATENCY_GOAL)).append(")\n\n")
                    .append("| backup | value | puts/s | put p99 | lag p99 | goals |\n")
                    .append("|---|---:|---:|---:|---:|---|\n").append(rows);
        }
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
