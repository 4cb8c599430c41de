package io.xsite.grid.resp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads command arguments as Redis does, failing with Redis' error text ({@link CommandError}). */
final class Arguments {
    private Arguments() {
    }

    /** A decimal 64-bit integer, as Redis' {@code string2ll} reads it (no blanks, no {@code +}). */
    static long integer(byte[] argument) {
        String text = new String(argument, StandardCharsets.US_ASCII);
        if (text.isEmpty() || text.length() > 20 || text.startsWith("+") || (text.length() > 1 && text.startsWith("0"))
                || text.startsWith("-0")) {
            throw CommandError.notAnInteger();
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw CommandError.notAnInteger();
        }
    }

    /** An argument as an upper-case keyword, to compare with option names. */
    static String keyword(byte[] argument) {
        return new String(argument, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    }

    /** Milliseconds from {@code amount} of seconds ({@code seconds}) or milliseconds; an error if it overflows. */
    static long millis(long amount, boolean seconds, String command) {
        if (!seconds) {
            return amount;
        }
        if (amount > Long.MAX_VALUE / 1000 || amount < Long.MIN_VALUE / 1000) {
            throw invalidExpireTime(command);
        }
        return amount * 1000;
    }

    /** {@code ERR invalid expire time in 'set' command}. */
    static CommandError invalidExpireTime(String command) {
        return new CommandError("ERR invalid expire time in '" + command + "' command");
    }
}
