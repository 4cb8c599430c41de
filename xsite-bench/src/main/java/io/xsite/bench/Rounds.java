package io.xsite.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Rounds of a comparison benchmark that runs several systems in one JVM: who goes first in which
 * round, and how the rounds' results are pooled. The JIT compiles for many seconds after start, so the
 * system that runs a scenario first is measured while the compiler competes for the CPU; rotating the
 * order lets each system go first equally often, and pooling the rounds gives one figure per system
 * while the per-round ratios keep the spread visible.
 */
public final class Rounds {

    private Rounds() {
    }

    /**
     * The order in which {@code systems} take their turns in round {@code round}: the list rotated left
     * by the round number, so round 0 is {@code [a, b]} and round 1 {@code [b, a]}.
     *
     * @param systems the systems in their configured order
     * @param round   the round, from 0
     * @return a new list with the same elements
     */
    public static <T> List<T> order(List<T> systems, int round) {
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative: " + round);
        }
        List<T> order = new ArrayList<>(systems);
        if (!order.isEmpty()) {
            Collections.rotate(order, -(round % order.size()));
        }
        return order;
    }

    /**
     * Pools the results of every round per key (system and scenario), in the order keys first appear
     * (round 0 first).
     *
     * @param rounds the results of each round, index = round
     * @param key    what identifies one system in one scenario across rounds
     * @param plus   pools two results of the same key
     * @return one pooled result per key
     */
    public static <T> List<Pooled<T>> pool(List<List<T>> rounds, Function<T, ?> key, BinaryOperator<T> plus) {
        Map<Object, Pooled<T>> pooled = new LinkedHashMap<>();
        for (List<T> round : rounds) {
            for (T result : round) {
                pooled.merge(key.apply(result), new Pooled<>(result, 1),
                        (a, b) -> new Pooled<>(plus.apply(a.result(), b.result()), a.rounds() + b.rounds()));
            }
        }
        return List.copyOf(pooled.values());
    }

    /**
     * The ratio of each round, round by round, for a table cell: {@code "0.95, 1.08"}; a round without a
     * ratio (a system failed in it) shows as {@code -}.
     *
     * @param rounds the results of each round, index = round
     * @param ratio  the ratio of one round's results, empty if it has none
     */
    public static <T> String ratios(List<List<T>> rounds, Function<List<T>, OptionalDouble> ratio) {
        return rounds.stream().map(ratio)
                .map(r -> r.isPresent() ? String.format(Locale.ROOT, "%.2f", r.getAsDouble()) : "-")
                .collect(Collectors.joining(", "));
    }

    /**
     * The latencies of two rounds together, as one histogram; the inputs are left as they are.
     *
     * @param a latencies of one round
     * @param b latencies of another round, with the same precision
     */
    public static Histogram merged(Histogram a, Histogram b) {
        // Auto-resizing, so that values beyond either input's range fit.
        Histogram merged = new Histogram(a.getNumberOfSignificantValueDigits());
        merged.add(a);
        merged.add(b);
        return merged;
    }

    /**
     * One system's result in one scenario, pooled over rounds.
     *
     * @param result the pooled figures
     * @param rounds how many rounds they pool (fewer than run if the system failed in some)
     * @param <T>    the benchmark's result type
     */
    public record Pooled<T>(T result, int rounds) {
        /** Validates. */
        public Pooled {
            Objects.requireNonNull(result, "result");
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be positive: " + rounds);
            }
        }
    }
}
