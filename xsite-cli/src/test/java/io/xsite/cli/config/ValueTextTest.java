package io.xsite.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ValueTextTest {
    @Test
    void durationsAcceptUnitsZeroAndIso() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationText.parse(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(DurationText.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void durationsRefuseBareNumbersNegativesAndJunk() {
        for (String bad : new String[] {"30", "-5s", "PT-1S", "5 minutes", "", "1.5s", "99999999999999999999d"}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void durationsFormatInTheLargestExactUnit() {
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationText.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    }

    @Property
    void everyDurationSurvivesFormatAndParse(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seconds,
                                            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Duration d = Duration.ofSeconds(seconds, nanos);
        assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
    }

    @Property
    void everyMillisecondDurationFormatsWithAUnit(@ForAll @LongRange(min = 1, max = 1L << 40) long millis) {
        assertThat(DurationText.format(Duration.ofMillis(millis))).matches("\\d+(ms|s|m|h|d)");
    }

    @Test
    void sizesAcceptBytesAndBinaryUnits() {
        assertThat(SizeText.parse("8MiB")).isEqualTo(8 << 20);
        assertThat(SizeText.parse("512KiB")).isEqualTo(512 << 10);
        assertThat(SizeText.parse("1gib")).isEqualTo(1 << 30);
        assertThat(SizeText.parse("65536")).isEqualTo(65536);
        assertThat(SizeText.parse("100B")).isEqualTo(100);
        assertThat(SizeText.parse("0")).isZero();
    }

    @Test
    void sizesRefuseDecimalUnitsOverflowAndJunk() {
        for (String bad : new String[] {"8MB", "2GiB", "-1", "1.5MiB", "", "MiB", "12345678901"}) {
            assertThatThrownBy(() -> SizeText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property
    void everySizeSurvivesFormatAndParse(@ForAll @IntRange(min = 0) int bytes) {
        assertThat(SizeText.parse(SizeText.format(bytes))).isEqualTo(bytes);
    }

    @Property
    void everyWholeNumberOfKibibytesFormatsWithAUnit(@ForAll @IntRange(min = 1, max = (1 << 21) - 1) int kib) {
        assertThat(SizeText.format(kib << 10)).matches("\\d+(KiB|MiB|GiB)");
    }

    @Test
    void portsAndBooleansAndHosts() {
        assertThat(ValueType.PORT.parse("0")).isZero();
        assertThat(ValueType.PORT.parse("65535")).isEqualTo(65535);
        assertThatThrownBy(() -> ValueType.PORT.parse("65536")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ValueType.BOOLEAN.parse("TRUE")).isTrue();
        assertThatThrownBy(() -> ValueType.BOOLEAN.parse("1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ValueType.HOST.parse("::1")).isEqualTo("::1");
        assertThat(ValueType.HOST.parse("router-1.example.com")).isEqualTo("router-1.example.com");
        assertThatThrownBy(() -> ValueType.HOST.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
