package io.xsite.bench.relay;

import io.xsite.bench.Rounds;
import io.xsite.bench.Rounds.Pooled;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Everything one relay benchmark run measured, as Markdown: a table per scenario (chat and throughput
 * with their rounds pooled), then, for each {@link Comparison} whose two systems ran, the ratios and the
 * issues' goals, with the ratio of each round next to the pooled one: xsite against JGroups (issue 4:
 * chat p99 no worse, throughput at least 1.5 times, failover no slower, zero loss), the same with TLS on
 * both (issue 15), and xsite with TLS and sealing against xsite without (issue 15: at 1 KB at most 25%
 * of the throughput lost).
 *
 * @param chat       the chat results of each round (index = round): one per system
 * @param throughput the throughput results of each round (index = round): one per system and payload size
 * @param failover   one result per system (a single run, after the rounds)
 * @param failures   scenarios that failed on a system, with the reason; they have no result
 */
record RelayReport(List<List<ChatResult>> chat, List<List<ThroughputResult>> throughput, List<FailoverResult> failover,
                   List<String> failures) {
    /** xsite in plain TCP. */
    static final String XSITE = "xsite";
    /** JGroups in plain TCP, the system xsite is compared with. */
    static final String JGROUPS = "jgroups";
    /** xsite with TLS on every connection and payloads sealed between sites. */
    static final String XSITE_TLS = "xsite-tls";
    /**
     * xsite with TLS on the bridge only (tunnels and routers) and payloads sealed between sites, plain TCP inside
     * a site: the same TLS posture as {@link #JGROUPS_TLS}.
     */
    static final String XSITE_TLS_BRIDGE = "xsite-tls-bridge";
    /** JGroups with TLS on its bridge (TUNNEL and gossip routers). */
    static final String JGROUPS_TLS = "jgroups-tls";
    /** Goal: xsite's cross-site throughput at least this many times JGroups'. */
    static final double THROUGHPUT_GOAL = 1.5;
    /** Goal: TLS and sealing keep at least this share of xsite's throughput at {@value #SECURITY_COST_SIZE} B. */
    static final double SECURITY_THROUGHPUT_GOAL = 0.75;
    /** The payload size of the security cost goal. */
    static final int SECURITY_COST_SIZE = 1024;
    /** The pairs of systems the report compares, each with its goals. */
    static final List<Comparison> COMPARISONS = List.of(
            new Comparison(XSITE, JGROUPS, OptionalDouble.of(1.0), size -> OptionalDouble.of(THROUGHPUT_GOAL), true),
            new Comparison(XSITE_TLS, JGROUPS_TLS, OptionalDouble.of(1.0), size -> OptionalDouble.of(THROUGHPUT_GOAL),
                    true),
            new Comparison(XSITE_TLS, XSITE, OptionalDouble.empty(), size -> size == SECURITY_COST_SIZE
                    ? OptionalDouble.of(SECURITY_THROUGHPUT_GOAL) : OptionalDouble.empty(), false),
            new Comparison(XSITE_TLS_BRIDGE, JGROUPS_TLS, OptionalDouble.of(1.0),
                    size -> OptionalDouble.of(THROUGHPUT_GOAL), true),
            new Comparison(XSITE_TLS_BRIDGE, XSITE, OptionalDouble.empty(), size -> size == SECURITY_COST_SIZE
                    ? OptionalDouble.of(SECURITY_THROUGHPUT_GOAL) : OptionalDouble.empty(), false));

    RelayReport {
        chat = chat.stream().map(List::copyOf).toList();
        throughput = throughput.stream().map(List::copyOf).toList();
        failover = List.copyOf(failover);
        failures = List.copyOf(failures);
    }

    /** One chat result per system, its rounds pooled, in the order of the first round. */
    List<Pooled<ChatResult>> pooledChat() {
        return Rounds.pool(chat, ChatResult::system, ChatResult::plus);
    }

    /** One throughput result per system and payload size, its rounds pooled, in the order of the first round. */
    List<Pooled<ThroughputResult>> pooledThroughput() {
        return Rounds.pool(throughput, r -> List.of(r.system(), r.payloadBytes()), ThroughputResult::plus);
    }

    /** The report as Markdown. */
    String toMarkdown() {
        StringBuilder out = new StringBuilder();
        List<Pooled<ChatResult>> pooledChat = pooledChat();
        if (!pooledChat.isEmpty()) {
            out.append("Chat round trip (a member of sfc to everyone in both sites, until all 8 replied; rounds"
                            + " pooled):\n\n")
                    .append("| system | line | rounds | round trips | p50 us | p99 us | max us |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|\n");
            pooledChat.forEach(p -> out.append(format("| %s | %d B | %d | %d | %.0f | %.0f | %.0f |%n",
                    p.result().system(), p.result().payloadBytes(), p.rounds(), p.result().roundTrips(),
                    p.result().p50Micros(), p.result().p99Micros(), p.result().latencyNanos().getMaxValue() / 1e3)));
        }
        List<Pooled<ThroughputResult>> pooledThroughput = pooledThroughput();
        if (!pooledThroughput.isEmpty()) {
            out.append("\nCross-site unicast throughput (a member of nyc to a member of sfc; rounds pooled):\n\n")
                    .append("| system | payload | rounds | msgs/s | MB/s | CPU us/msg | sent | out of order | duplicates"
                            + " | lost |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            pooledThroughput.forEach(p -> {
                ThroughputResult r = p.result();
                out.append(format("| %s | %d B | %d | %.0f | %.1f | %.1f | %d | %d | %d | %d |%n", r.system(),
                        r.payloadBytes(), p.rounds(), r.perSecond(), r.megabytesPerSecond(), r.cpuMicrosPerMessage(),
                        r.sent(), r.outOfOrder(), r.duplicates(), r.lost()));
            });
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
        appendGoals(out, pooledChat.stream().map(Pooled::result).toList(),
                pooledThroughput.stream().map(Pooled::result).toList());
        return out.toString();
    }

    private void appendGoals(StringBuilder out, List<ChatResult> pooledChat, List<ThroughputResult> pooledThroughput) {
        for (Comparison c : COMPARISONS) {
            StringBuilder rows = new StringBuilder();
            Function<List<ChatResult>, OptionalDouble> chatRatio = results -> c.ratio(results, ChatResult::system,
                    r -> true, ChatResult::p99Micros);
            chatRatio.apply(pooledChat).ifPresent(pooled -> rows.append(goalRow("chat round trip p99", pooled,
                    c.chatP99AtMost(), false, Rounds.ratios(chat, chatRatio))));
            pooledThroughput.stream().filter(r -> r.system().equals(c.system())).map(ThroughputResult::payloadBytes)
                    .distinct().forEach(size -> {
                        Function<List<ThroughputResult>, OptionalDouble> sizeRatio = results -> c.ratio(results,
                                ThroughputResult::system, r -> r.payloadBytes() == size, ThroughputResult::perSecond);
                        sizeRatio.apply(pooledThroughput).ifPresent(pooled -> rows.append(goalRow("throughput "
                                + size + " B", pooled, c.throughputAtLeast().apply(size), true,
                                Rounds.ratios(throughput, sizeRatio))));
                    });
            if (c.failover()) {
                appendFailoverGoals(rows, c);
            }
            if (rows.length() > 0) {
                out.append(format("%nGoals, %s / %s (chat and throughput: rounds pooled, per round: the ratio in each"
                                + " round; failover: one run):%n%n", c.system(), c.baseline()))
                        .append(format("| goal | %s / %s | target | verdict | per round |%n", c.system(), c.baseline()))
                        .append("|---|---:|---:|---|---|\n")
                        .append(rows);
            }
        }
    }

    private void appendFailoverGoals(StringBuilder rows, Comparison c) {
        c.pair(failover, FailoverResult::system, r -> true).ifPresent(p -> {
            String ratio = p.x().recovery().isPresent() && p.j().recovery().isPresent()
                    ? format("%.2f", p.x().recovery().get().toNanos() / (double) p.j().recovery().get().toNanos())
                    : "-";
            boolean met = p.x().recovery().isPresent() && (p.j().recovery().isEmpty()
                    || p.x().recovery().get().compareTo(p.j().recovery().get()) <= 0);
            rows.append(format("| failover time | %s | <= 1.00 | %s | - |%n", ratio, verdict(met)));
        });
        failover.stream().filter(r -> r.system().equals(c.system())).findFirst().ifPresent(x -> rows.append(format(
                "| failover loss (%s: lost, duplicates) | %d, %d | 0, 0 | %s | - |%n", c.system(), x.lost(),
                x.duplicates(), verdict(x.lost() == 0 && x.duplicates() == 0))));
    }

    /** A row of a goals table: the pooled ratio and, where the goal sets one, the target and the verdict. */
    private static String goalRow(String goal, double pooled, OptionalDouble target, boolean atLeast,
                                  String perRound) {
        if (target.isEmpty()) {
            return format("| %s | %.2f | - | - | %s |%n", goal, pooled, perRound);
        }
        double t = target.getAsDouble();
        return format("| %s | %.2f | %s %.2f | %s | %s |%n", goal, pooled, atLeast ? ">=" : "<=", t,
                verdict(atLeast ? pooled >= t : pooled <= t), perRound);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "not met";
    }

    /**
     * Two systems the report sets side by side, and the goals for the first's figures over the second's.
     *
     * @param system            the system the ratios are about
     * @param baseline          the system it is compared with
     * @param chatP99AtMost     the highest chat p99 ratio that meets the goal, if there is a goal
     * @param throughputAtLeast by payload size: the lowest throughput ratio that meets the goal, if there is one
     * @param failover          whether the failover time and the system's failover loss are goals too
     */
    record Comparison(String system, String baseline, OptionalDouble chatP99AtMost,
                      IntFunction<OptionalDouble> throughputAtLeast, boolean failover) {
        /** {@code system}'s {@code metric} over {@code baseline}'s among the {@code filter}ed results; empty unless both have one. */
        <T> OptionalDouble ratio(List<T> results, Function<T, String> systemOf, Predicate<T> filter,
                                 ToDoubleFunction<T> metric) {
            return pair(results, systemOf, filter)
                    .map(p -> OptionalDouble.of(metric.applyAsDouble(p.x()) / metric.applyAsDouble(p.j())))
                    .orElse(OptionalDouble.empty());
        }

        <T> Optional<Pair<T>> pair(List<T> results, Function<T, String> systemOf, Predicate<T> filter) {
            Optional<T> x = results.stream().filter(r -> systemOf.apply(r).equals(system) && filter.test(r)).findFirst();
            Optional<T> j = results.stream().filter(r -> systemOf.apply(r).equals(baseline) && filter.test(r))
                    .findFirst();
            return x.isPresent() && j.isPresent() ? Optional.of(new Pair<>(x.get(), j.get())) : Optional.empty();
        }
    }

    /** The result of the system and the baseline of one comparison. */
    private record Pair<T>(T x, T j) {
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
