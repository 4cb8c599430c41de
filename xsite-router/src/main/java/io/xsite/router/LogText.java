package io.xsite.router;

/**
 * Client-provided text (group and logical names, addresses) as log lines show it: at most
 * {@value #MAX_CHARS} characters, so a stranger's long names cannot grow the log.
 */
final class LogText {
    static final int MAX_CHARS = 64;

    private LogText() {
    }

    /** {@code value} as text, cut to {@value #MAX_CHARS} characters with the number of the rest. */
    static String clip(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, MAX_CHARS) + "...(+" + (text.length() - MAX_CHARS) + " chars)";
    }
}
