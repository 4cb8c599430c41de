package io.xsite.bench.grid;

import io.xsite.bench.Rounds;
import io.xsite.bench.Rounds.Pooled;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Everything one grid benchmark run measured, as Markdown: redis-benchmark's figures per system, pipeline and
 * command (rounds pooled), the ratios of xsite (plain and cluster clients) against redis-server with the issue's
 * goals, and memory per entry and copy.
 *
 * <p>Goals (issue 17): at pipeline 1, GET at least 1.0x redis-server's requests/s and SET (2 owners) at least
 * 0.7x; p99 at most 2x everywhere; memory per entry and copy at most 2x.
 *
 * @param rounds the figures of each round (index = round): one per system, pipeline and command
 * @param memory one result per system; empty when the memory part was skipped
 */
record GridReport(List<List<CommandFigures>> rounds, List<MemoryResult> memory) {
    static final double GET_GOAL = 1.0;
    static final double SET_GOAL = 0.7;
    static final double P99_GOAL = 2.0;
    static final double MEMORY_GOAL = 2.0;

    GridReport {
        rounds = rounds.stream().map(List::copyOf).toList();
        memory = List.copyOf(memory);
    }

    /** One figure per system, pipeline and command, rounds pooled, in the order of the first round. */
    List<Pooled<CommandFigures>> pooled() {
        return Rounds.pool(rounds, f -> List.of(f.system(), f.pipeline(), f.test()), CommandFigures::plus);
    }

    /** The report as Markdown. */
    String toMarkdown() {
        List<Pooled<CommandFigures>> pooled = pooled();
        StringBuilder out = new StringBuilder()
                .append("| pipeline | command | system | rounds | requests/s | p50 ms | p99 ms |\n")
                .append("|---:|---|---|---:|---:|---:|---:|\n");
        for (Pooled<CommandFigures> p : pooled) {
            CommandFigures f = p.result();
            out.append(format("| %d | %s | %s | %d | %.0f | %.3f | %.3f |%n", f.pipeline(), f.test(), f.system(),
                    p.rounds(), f.rps(), f.p50Ms(), f.p99Ms()));
        }
        appendRatios(out, pooled.stream().map(Pooled::result).toList());
        appendMemory(out);
        return out.toString();
    }

    private void appendRatios(StringBuilder out, List<CommandFigures> pooled) {
        StringBuilder rows = new StringBuilder();
        for (CommandFigures x : pooled) {
            if (x.system().equals(RedisServerTarget.NAME)) {
                continue;
            }
            OptionalDouble rps = ratio(pooled, x, CommandFigures::rps);
            if (rps.isEmpty()) {
                continue;
            }
            double p99 = ratio(pooled, x, CommandFigures::p99Ms).orElseThrow();
            OptionalDouble rpsGoal = rpsGoal(x);
            boolean met = p99 <= P99_GOAL && (rpsGoal.isEmpty() || rps.getAsDouble() >= rpsGoal.getAsDouble());
            rows.append(format("| %d | %s | %s | %.2f | %.2f | %s%s: %s | %s |%n", x.pipeline(), x.test(), x.system(),
                    rps.getAsDouble(),
                    p99, rpsGoal.isPresent() ? format("requests/s >= %.1f, ", rpsGoal.getAsDouble()) : "",
                    format("p99 <= %.1f", P99_GOAL), met ? "met" : "not met",
                    Rounds.ratios(rounds, round -> ratio(round, x, CommandFigures::rps))));
        }
        if (rows.length() > 0) {
            out.append("\nRatios xsite / redis-server, rounds pooled (requests/s: higher is better; p99: lower is"
                            + " better; per round: the requests/s ratio of each round)\n\n")
                    .append("| pipeline | command | system | requests/s | p99 | goal | per round |\n")
                    .append("|---:|---|---|---:|---:|---|---|\n")
                    .append(rows);
        }
    }

    /** The requests/s goal of {@code x}'s command and pipeline, if the issue sets one. */
    static OptionalDouble rpsGoal(CommandFigures x) {
        if (x.pipeline() != 1) {
            return OptionalDouble.empty();
        }
        return switch (x.test()) {
            case "GET" -> OptionalDouble.of(GET_GOAL);
            case "SET" -> OptionalDouble.of(SET_GOAL);
            default -> OptionalDouble.empty();
        };
    }

    private void appendMemory(StringBuilder out) {
        if (memory.isEmpty()) {
            return;
        }
        out.append("\nMemory per entry and copy (16-byte keys, 100-byte values; process: redis-server's used_memory,"
                        + " xsite's heap after a full GC summed over its members; store: what the store counts)\n\n")
                .append("| system | entries | copies | process B/entry/copy | store B/entry/copy |\n")
                .append("|---|---:|---:|---:|---:|\n");
        memory.forEach(m -> out.append(format("| %s | %d | %d | %.0f | %.0f |%n", m.system(), m.entries(), m.copies(),
                m.usedBytesPerCopy(), m.accountedBytesPerCopy())));
        Optional<MemoryResult> x = find(XsiteSiteTarget.NAME);
        Optional<MemoryResult> r = find(RedisServerTarget.NAME);
        if (x.isPresent() && r.isPresent()) {
            double used = x.get().usedBytesPerCopy() / r.get().usedBytesPerCopy();
            out.append(format("%nxsite / redis-server per entry and copy: process %.2f, store %.2f; goal <= %.1f"
                    + " (process): %s%n", used, x.get().accountedBytesPerCopy() / r.get().accountedBytesPerCopy(),
                    MEMORY_GOAL, used <= MEMORY_GOAL ? "met" : "not met"));
        }
    }

    private Optional<MemoryResult> find(String system) {
        return memory.stream().filter(m -> m.system().equals(system)).findFirst();
    }

    /** {@code x}'s system's {@code metric} over redis-server's for its pipeline and command; empty without both. */
    private static OptionalDouble ratio(List<CommandFigures> figures, CommandFigures x,
                                        ToDoubleFunction<CommandFigures> metric) {
        Optional<CommandFigures> xsite = find(figures, x.system(), x);
        Optional<CommandFigures> redis = find(figures, RedisServerTarget.NAME, x);
        return xsite.isPresent() && redis.isPresent()
                ? OptionalDouble.of(metric.applyAsDouble(xsite.get()) / metric.applyAsDouble(redis.get()))
                : OptionalDouble.empty();
    }

    private static Optional<CommandFigures> find(List<CommandFigures> figures, String system, CommandFigures like) {
        return figures.stream().filter(f -> f.system().equals(system) && f.pipeline() == like.pipeline()
                && f.test().equals(like.test())).findFirst();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
