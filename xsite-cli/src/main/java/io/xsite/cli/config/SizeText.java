package io.xsite.cli.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a size in bytes in configuration: a whole number of bytes ({@code 65536}), or with
 * a binary unit ({@code 512KiB}, {@code 8MiB}, {@code 1GiB}; the unit's case does not matter). Decimal
 * units (KB, MB) are refused on purpose: whether they mean 1000 or 1024 is a guess. Sizes fit an
 * {@code int}, as Netty's buffer limits do.
 */
final class SizeText {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*(b|kib|mib|gib)?");
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private SizeText() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException if it is no size in an accepted form or exceeds {@link Integer#MAX_VALUE}
     */
    static int parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "kib" -> KIB;
            case "mib" -> MIB;
            case "gib" -> GIB;
            default -> 1;
        };
        long bytes = Long.parseLong(m.group(1)) * unit;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return (int) bytes;
    }

    /** The shortest exact text for {@code bytes}: {@code 8MiB}, {@code 32KiB}, or the plain number. */
    static String format(int bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return Integer.toString(bytes);
    }
}
