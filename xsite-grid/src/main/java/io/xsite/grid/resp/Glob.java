package io.xsite.grid.resp;

/**
 * Redis' glob patterns ({@code SCAN MATCH}, {@code CONFIG GET}), byte for byte: {@code *} any run,
 * {@code ?} one byte, {@code [abc]}, {@code [^abc]}, {@code [a-z]} a set, {@code \x} the byte x. Matched by
 * going back to the last {@code *} on a mismatch, in time proportional to pattern times text at worst, so
 * that a client's pattern of many stars cannot hold an event loop.
 */
final class Glob {
    private Glob() {
    }

    /** Whether {@code text} matches {@code pattern}. */
    static boolean matches(byte[] pattern, byte[] text) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int starText = 0;
        while (si < text.length) {
            if (pi < pattern.length && pattern[pi] == '*') {
                star = pi++;
                starText = si;
            } else if (pi < pattern.length && matchesOne(pattern, pi, text[si])) {
                pi = tokenEnd(pattern, pi);
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++starText;
            } else {
                return false;
            }
        }
        while (pi < pattern.length && pattern[pi] == '*') {
            pi++;
        }
        return pi == pattern.length;
    }

    /** Whether the token at {@code p[pi]} (not a star) matches byte {@code b}. */
    private static boolean matchesOne(byte[] p, int pi, byte b) {
        byte c = p[pi];
        if (c == '?') {
            return true;
        }
        if (c == '[') {
            return inSet(p, pi + 1, setEnd(p, pi), b);
        }
        if (c == '\\' && pi + 1 < p.length) {
            return p[pi + 1] == b;
        }
        return c == b;
    }

    /** The index after the token at {@code p[pi]}. */
    private static int tokenEnd(byte[] p, int pi) {
        if (p[pi] == '[') {
            return setEnd(p, pi) + 1;
        }
        return p[pi] == '\\' && pi + 1 < p.length ? pi + 2 : pi + 1;
    }

    /** The index of the {@code ]} closing the set opened at {@code open}, or the last index if none does. */
    private static int setEnd(byte[] p, int open) {
        int i = open + 1;
        if (i < p.length && p[i] == '^') {
            i++;
        }
        while (i < p.length && p[i] != ']') {
            if (p[i] == '\\' && i + 1 < p.length) {
                i++;
            }
            i++;
        }
        return Math.min(i, p.length - 1);
    }

    private static boolean inSet(byte[] p, int from, int end, byte b) {
        boolean negate = from < end && p[from] == '^';
        int i = negate ? from + 1 : from;
        boolean found = false;
        while (i < end || (i == end && p[end] != ']')) {
            if (p[i] == '\\' && i + 1 <= end) {
                found |= p[++i] == b;
            } else if (i + 2 <= end && p[i + 1] == '-' && p[i + 2] != ']') {
                int low = Math.min(p[i] & 0xff, p[i + 2] & 0xff);
                int high = Math.max(p[i] & 0xff, p[i + 2] & 0xff);
                found |= (b & 0xff) >= low && (b & 0xff) <= high;
                i += 2;
            } else {
                found |= p[i] == b;
            }
            i++;
        }
        return negate != found;
    }
}
