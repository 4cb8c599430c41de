package io.xsite.grid.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * Random schedules of writes, crashes, joins, isolations and heals on the seeded in-memory network: every
 * acknowledged write reads back with its latest value, owners agree on every key, and every segment ends
 * with two copies (grid.md, "Within a site").
 */
class GridStoreProperties {

    /** One step of a schedule. */
    sealed interface Step permits Write, Crash, Join, Isolate, Heal {
    }

    record Write(int keys) implements Step {
    }

    record Crash() implements Step {
    }

    record Join() implements Step {
    }

    record Isolate() implements Step {
    }

    record Heal() implements Step {
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void acknowledgedWritesSurviveCrashesJoinsAndPartitions(@ForAll("schedules") List<Step> steps,
                                                            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        try (GridScenario scenario = new GridScenario(seed)) {
            scenario.start(3);
            for (Step step : steps) {
                if (step instanceof Write write) {
                    scenario.write(write.keys());
                } else if (step instanceof Crash) {
                    scenario.crash();
                } else if (step instanceof Join) {
                    scenario.join();
                } else if (step instanceof Isolate) {
                    scenario.isolate();
                } else {
                    scenario.heal();
                }
            }
            scenario.write(20);
            scenario.checkEverything();
            assertThat(scenario.writesPerKey()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(5, 30).map(Write::new)),
                Tuple.of(2, Arbitraries.just(new Crash())),
                Tuple.of(2, Arbitraries.just(new Join())),
                Tuple.of(1, Arbitraries.just(new Isolate())),
                Tuple.of(1, Arbitraries.just(new Heal())));
        return step.list().ofMinSize(4).ofMaxSize(10);
    }
}
