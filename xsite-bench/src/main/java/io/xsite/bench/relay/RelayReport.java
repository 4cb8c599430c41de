package io.xsite.bench.relay;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything one relay benchmark run measured, as Markdown: a table per scenario, then xsite's ratios
 * against JGroups and the goals (chat p99 no worse, throughput at least 1.5 times, failover no
 * slower, zero loss).
 *
 * @param chat       one result per system
 * @param throughput one result per system and payload size
 * @param failover   one result per system
 * @param failures   scenarios that failed on a system, with the reason; they have no result
 */
record RelayReport(List<ChatResult> chat, List<ThroughputResult> throughput, List<FailoverResult> failover,
                   List<String> failures) {
    /** The system the ratios are about. */
    static final String XSITE = "xsite";
    /** The system xsite is compared with. */
    static final String JGROUPS = "jgroups";
    /** Goal: xsite's cross-site throughput at least this many times JGroups'. */
    static final double THROUGHPUT_GOAL = 1.5;

    RelayReport {
        chat = List.copyOf(chat);
        throughput = List.copyOf(throughput);
        failover = List.copyOf(failover);
        failures = List.copyOf(failures);
    }

    /** The report as Markdown. */
    String toMarkdown() {
        StringBuilder out = new StringBuilder();
        if (!chat.isEmpty()) {
            out.append("Chat round trip (a member of sfc to everyone in both sites, until all 8 replied):\n\n")
                    .append("| system | line | rounds | p50 us | p99 us | max us |\n|---|---:|---:|---:|---:|---:|\n");
            chat.forEach(r -> out.append(format("| %s | %d B | %d | %.0f | %.0f | %.0f |%n", r.system(),
                    r.payloadBytes(), r.rounds(), r.p50Micros(), r.p99Micros(), r.latencyNanos().getMaxValue() / 1e3)));
        }
        if (!throughput.isEmpty()) {
            out.append("\nCross-site unicast throughput (a member of nyc to a member of sfc):\n\n")
                    .append("| system | payload | msgs/s | MB/s | sent | out of order | duplicates | lost |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            throughput.forEach(r -> out.append(format("| %s | %d B | %.0f | %.1f | %d | %d | %d | %d |%n", r.system(),
                    r.payloadBytes(), r.perSecond(), r.megabytesPerSecond(), r.sent(), r.outOfOrder(), r.duplicates(),
                    r.lost())));
        }
        if (!failover.isEmpty()) {
            out.append("\nSite-master failover (nyc's site master crashes during a stream nyc to sfc):\n\n")
                    .append("| system | rate/s | sent | traffic again after ms | longest gap ms | lost | duplicates"
                            + " | out of order |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
            failover.forEach(r -> out.append(format("| %s | %d | %d | %s | %d | %d | %d | %d |%n", r.system(),
                    r.ratePerSecond(), r.sent(), r.recovery().map(d -> String.valueOf(d.toMillis())).orElse("never"),
                    r.longestGap().toMillis(), r.lost(), r.duplicates(), r.outOfOrder())));
        }
        if (!failures.isEmpty()) {
            out.append("\nFailed (no figures; a goal that needs them is not met):\n\n");
            failures.forEach(f -> out.append("* ").append(f).append('\n'));
        }
        appendGoals(out);
        return out.toString();
    }

    private void appendGoals(StringBuilder out) {
        StringBuilder rows = new StringBuilder();
        pair(chat, ChatResult::system, r -> true).ifPresent(p -> {
            double ratio = p.x().p99Micros() / p.j().p99Micros();
            rows.append(format("| chat round trip p99 | %.2f | <= 1.00 | %s |%n", ratio, verdict(ratio <= 1.0)));
        });
        throughput.stream().filter(r -> r.system().equals(XSITE)).map(ThroughputResult::payloadBytes).distinct()
                .forEach(size -> pair(throughput, ThroughputResult::system, r -> r.payloadBytes() == size)
                        .ifPresent(p -> {
                            double ratio = p.x().perSecond() / p.j().perSecond();
                            rows.append(format("| throughput %d B | %.2f | >= %.2f | %s |%n", size, ratio,
                                    THROUGHPUT_GOAL, verdict(ratio >= THROUGHPUT_GOAL)));
                        }));
        pair(failover, FailoverResult::system, r -> true).ifPresent(p -> {
            String ratio = p.x().recovery().isPresent() && p.j().recovery().isPresent()
                    ? format("%.2f", p.x().recovery().get().toNanos() / (double) p.j().recovery().get().toNanos())
                    : "-";
            boolean met = p.x().recovery().isPresent() && (p.j().recovery().isEmpty()
                    || p.x().recovery().get().compareTo(p.j().recovery().get()) <= 0);
            rows.append(format("| failover time | %s | <= 1.00 | %s |%n", ratio, verdict(met)));
        });
        failover.stream().filter(r -> r.system().equals(XSITE)).findFirst().ifPresent(x -> rows.append(format(
                "| failover loss (xsite: lost, duplicates) | %d, %d | 0, 0 | %s |%n", x.lost(), x.duplicates(),
                verdict(x.lost() == 0 && x.duplicates() == 0))));
        if (rows.length() > 0) {
            out.append("\nGoals, xsite / JGroups:\n\n| goal | xsite / jgroups | target | verdict |\n|---|---:|---:|---|\n")
                    .append(rows);
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "not met";
    }

    private static <T> Optional<Pair<T>> pair(List<T> results, java.util.function.Function<T, String> system,
                                              Predicate<T> filter) {
        Optional<T> x = results.stream().filter(r -> system.apply(r).equals(XSITE) && filter.test(r)).findFirst();
        Optional<T> j = results.stream().filter(r -> system.apply(r).equals(JGROUPS) && filter.test(r)).findFirst();
        return x.isPresent() && j.isPresent() ? Optional.of(new Pair<>(x.get(), j.get())) : Optional.empty();
    }

    /** The xsite and the JGroups result of one comparison. */
    private record Pair<T>(T x, T j) {
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
