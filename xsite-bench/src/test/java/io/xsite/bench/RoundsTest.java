package io.xsite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.bench.Rounds.Pooled;
import java.util.List;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The order of the systems per round, and pooling of rounds, on plain values. */
class RoundsTest {

    @Test
    void eachSystemGoesFirstInTurn() {
        List<String> systems = List.of("xsite", "jgroups");

        assertThat(Rounds.order(systems, 0)).containsExactly("xsite", "jgroups");
        assertThat(Rounds.order(systems, 1)).containsExactly("jgroups", "xsite");
        assertThat(Rounds.order(systems, 2)).containsExactly("xsite", "jgroups");
        assertThat(Rounds.order(systems, 3)).containsExactly("jgroups", "xsite");
        assertThat(Rounds.order(List.of("a", "b", "c"), 1)).containsExactly("b", "c", "a");
        assertThat(Rounds.order(List.of("xsite"), 1)).containsExactly("xsite");
        assertThat(systems).as("the configured order is left alone").containsExactly("xsite", "jgroups");
        assertThatThrownBy(() -> Rounds.order(systems, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void poolsPerKeyInTheOrderKeysFirstAppear() {
        // Results are "system:count"; pooling adds the counts.
        List<List<String>> rounds = List.of(List.of("x:1", "j:10"), List.of("j:20", "x:2"), List.of("x:4"));

        List<Pooled<String>> pooled = Rounds.pool(rounds, r -> r.split(":")[0],
                (a, b) -> a.split(":")[0] + ":" + (count(a) + count(b)));

        assertThat(pooled).containsExactly(new Pooled<>("x:7", 3), new Pooled<>("j:30", 2));
    }

    @Test
    void ratiosRoundByRoundWithADashWhereARoundHasNone() {
        List<List<Integer>> rounds = List.of(List.of(95, 100), List.of(108, 100), List.of(100));

        String ratios = Rounds.ratios(rounds, round -> round.size() == 2
                ? OptionalDouble.of(round.get(0) / (double) round.get(1)) : OptionalDouble.empty());

        assertThat(ratios).isEqualTo("0.95, 1.08, -");
    }

    @Test
    void mergedLatenciesHoldBothRoundsAndLeaveThemAlone() {
        Histogram a = new Histogram(3);
        a.recordValueWithCount(1_000, 99);
        Histogram b = new Histogram(3);
        b.recordValueWithCount(5_000_000_000L, 1);

        Histogram merged = Rounds.merged(a, b);

        assertThat(merged.getTotalCount()).isEqualTo(100);
        assertThat(merged.getValueAtPercentile(50)).isEqualTo(a.highestEquivalentValue(1_000));
        assertThat(merged.getMaxValue()).isEqualTo(b.highestEquivalentValue(5_000_000_000L));
        assertThat(a.getTotalCount()).isEqualTo(99);
        assertThat(b.getTotalCount()).isEqualTo(1);
    }

    @Test
    void aPooledResultCoversAtLeastOneRound() {
        assertThatThrownBy(() -> new Pooled<>("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long count(String result) {
        return Long.parseLong(result.split(":")[1]);
    }
}
