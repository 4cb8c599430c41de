package io.xsite.cli.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a non-negative {@link Duration} in configuration: a whole number with one unit
 * ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}), {@code 0}, or ISO-8601
 * ({@code PT30S}). Formatting picks the largest unit that is exact, so {@code parse(format(d))}
 * gives {@code d} back.
 */
final class DurationText {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,19})(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException if it is no duration in one of the accepted forms, or negative
     */
    static Duration parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = WITH_UNIT.matcher(trimmed);
        try {
            Duration d;
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                d = Duration.parse(trimmed);
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative duration: " + text);
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration: " + text, e);
        }
    }

    /** The shortest exact text for {@code d}: {@code 30s}, {@code 5m}, or ISO-8601 below a millisecond. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        if (d.getNano() != 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
