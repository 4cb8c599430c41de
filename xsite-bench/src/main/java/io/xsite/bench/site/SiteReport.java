package io.xsite.bench.site;

import io.xsite.bench.Rounds;
import io.xsite.bench.Rounds.Pooled;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Everything one site benchmark run measured, as Markdown: one row per system and scenario with its
 * rounds pooled, then xsite's pooled ratios against JGroups per scenario, whether the goal holds
 * (streams: throughput at least JGroups'; requests: p99 no worse than JGroups') and the goal's ratio in
 * each round, so that the spread between rounds shows.
 *
 * @param rounds the results of each round (index = round): one per system and scenario
 */
record SiteReport(List<List<SiteResult>> rounds) {
    /** The system the ratios are about. */
    static final String XSITE = "xsite";
    /** The system xsite is compared with. */
    static final String JGROUPS = "jgroups";

    SiteReport {
        rounds = rounds.stream().map(List::copyOf).toList();
    }

    /** One result per system and scenario, its rounds pooled, in the order of the first round. */
    List<Pooled<SiteResult>> pooled() {
        return Rounds.pool(rounds, r -> List.of(r.system(), r.scenario()), SiteResult::plus);
    }

    /** The report as Markdown. */
    String toMarkdown() {
        List<Pooled<SiteResult>> pooled = pooled();
        StringBuilder out = new StringBuilder()
                .append("| scenario | system | rounds | payload | msgs/s | MB/s | p50 us | p99 us | out of order"
                        + " | lost |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Pooled<SiteResult> p : pooled) {
            SiteResult r = p.result();
            out.append(format("| %s | %s | %d | %d B | %.0f | %.1f | %s | %s | %d | %d |%n", r.scenario().description(),
                    r.system(), p.rounds(), r.payloadBytes(), r.perSecond(), r.megabytesPerSecond(),
                    r.hasLatency() ? format("%.0f", r.p50Micros()) : "-",
                    r.hasLatency() ? format("%.0f", r.p99Micros()) : "-", r.outOfOrder(), r.lost()));
        }
        appendRatios(out, pooled.stream().map(Pooled::result).toList());
        return out.toString();
    }

    private void appendRatios(StringBuilder out, List<SiteResult> pooled) {
        StringBuilder rows = new StringBuilder();
        for (Scenario scenario : Scenario.values()) {
            OptionalDouble throughput = ratio(pooled, scenario, SiteResult::perSecond);
            if (throughput.isEmpty()) {
                continue;
            }
            ToDoubleFunction<SiteResult> goalMetric = scenario.isStream() ? SiteResult::perSecond
                    : SiteResult::p99Micros;
            double goal = ratio(pooled, scenario, goalMetric).orElseThrow();
            boolean met = scenario.isStream() ? goal >= 1.0 : goal <= 1.0;
            rows.append(format("| %s | %.2f | %s | %s | %s |%n", scenario.description(), throughput.getAsDouble(),
                    scenario.isStream() ? "-" : format("%.2f", goal), met ? "met" : "not met",
                    Rounds.ratios(rounds, round -> ratio(round, scenario, goalMetric))));
        }
        if (rows.length() > 0) {
            out.append("\nRatios xsite / JGroups, rounds pooled (throughput: higher is better; p99: lower is better;"
                            + " goal: streams throughput >= 1.00, requests p99 <= 1.00; per round: the goal's ratio"
                            + " in each round)\n\n")
                    .append("| scenario | throughput | p99 | goal | per round |\n")
                    .append("|---|---:|---:|---|---|\n")
                    .append(rows);
        }
    }

    /** xsite's {@code metric} over JGroups' in {@code scenario}; empty unless both have a result there. */
    private static OptionalDouble ratio(List<SiteResult> results, Scenario scenario,
                                        ToDoubleFunction<SiteResult> metric) {
        Optional<SiteResult> x = find(results, XSITE, scenario);
        Optional<SiteResult> j = find(results, JGROUPS, scenario);
        return x.isPresent() && j.isPresent()
                ? OptionalDouble.of(metric.applyAsDouble(x.get()) / metric.applyAsDouble(j.get()))
                : OptionalDouble.empty();
    }

    private static Optional<SiteResult> find(List<SiteResult> results, String system, Scenario scenario) {
        return results.stream().filter(r -> r.system().equals(system) && r.scenario() == scenario).findFirst();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
