package io.xsite.core.internal.tunnel;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Property
    void theDelayDoublesPerFailureUpToTheCapWithJitterInTheUpperHalf(
            @ForAll @IntRange(min = 0, max = 100) int failures, @ForAll long seed,
            @ForAll @LongRange(min = 1, max = 10_000) long initialMillis) {
        Duration initial = ofMillis(initialMillis);
        Duration max = ofSeconds(5).compareTo(initial) < 0 ? initial : ofSeconds(5);
        long ceiling = Math.min(max.toNanos(), (long) (initial.toNanos() * Math.pow(2, Math.min(failures, 62))));

        Duration delay = ReconnectBackoff.delay(failures, initial, max, new SplittableRandom(seed));

        assertThat(delay.toNanos()).isBetween(ceiling / 2, ceiling);
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        SplittableRandom one = new SplittableRandom(42);
        SplittableRandom two = new SplittableRandom(42);
        for (int failures = 0; failures < 10; failures++) {
            assertThat(ReconnectBackoff.delay(failures, ofMillis(200), ofSeconds(5), one))
                    .isEqualTo(ReconnectBackoff.delay(failures, ofMillis(200), ofSeconds(5), two));
        }
    }
}
