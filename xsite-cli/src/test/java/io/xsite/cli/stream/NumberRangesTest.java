package io.xsite.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class NumberRangesTest {
    @Test
    void runsOfNumbersBecomeRangesAndSingleNumbersStayAlone() {
        BitSet numbers = new BitSet();
        numbers.set(1, 251);
        numbers.set(300);
        numbers.set(412, 501);

        assertThat(NumberRanges.of(numbers)).isEqualTo("1-250,300,412-500");
        assertThat(NumberRanges.of(new BitSet())).isEmpty();
        assertThat(NumberRanges.parse("1-250,300,412-500")).isEqualTo(numbers);
        assertThat(NumberRanges.parse("")).isEqualTo(new BitSet());
    }

    @Test
    void whatIsNotRangesOrWasCutShortIsRefused() {
        assertThatThrownBy(() -> NumberRanges.parse("1,3,...")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut short");
        assertThatThrownBy(() -> NumberRanges.parse("1,x-3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"x-3\"");
        assertThatThrownBy(() -> NumberRanges.parse("1,-3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moreRangesThanTheLimitEndInAnEllipsis() {
        BitSet numbers = new BitSet();
        for (int i = 0; i <= NumberRanges.MAX_RANGES; i++) {
            numbers.set(2 * i + 1);
        }

        String ranges = NumberRanges.of(numbers);

        assertThat(ranges.split(",")).hasSize(NumberRanges.MAX_RANGES + 1);
        assertThat(ranges).startsWith("1,3,5,").endsWith("," + (2 * NumberRanges.MAX_RANGES - 1) + ",...");
    }
}
