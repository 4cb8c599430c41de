package io.xsite.grid.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into words as Redis' {@code sdssplitargs} does: blanks separate words;
 * {@code "..."} holds blanks and the escapes {@code \" \\ \n \r \t \b \a \xHH}; {@code '...'} holds blanks
 * and {@code \'}; a closing quote must end its word.
 */
final class InlineSplitter {
    private InlineSplitter() {
    }

    /**
     * The words of {@code line} (each char one byte, ISO-8859-1), or null when its quotes are unbalanced.
     */
    static List<byte[]> split(String line) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return words;
            }
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            char quote = 0;
            boolean done = false;
            while (!done) {
                if (i >= n) {
                    if (quote != 0) {
                        return null;
                    }
                    done = true;
                } else if (quote == 0) {
                    char c = line.charAt(i);
                    if (isBlank(c)) {
                        done = true;
                    } else if (c == '"' || c == '\'') {
                        quote = c;
                    } else {
                        word.write(c);
                    }
                    i++;
                } else {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        i += escape(line, i, quote, word);
                    } else if (c == quote) {
                        if (i + 1 < n && !isBlank(line.charAt(i + 1))) {
                            return null; // a closing quote must end the word
                        }
                        quote = 0;
                        done = true;
                        i++;
                    } else {
                        word.write(c);
                        i++;
                    }
                }
            }
            words.add(word.toByteArray());
        }
    }

    /** Writes the escape at {@code line[i]} (a backslash) inside {@code quote}; returns the chars it took. */
    private static int escape(String line, int i, char quote, ByteArrayOutputStream word) {
        char next = line.charAt(i + 1);
        if (quote == '\'') {
            word.write(next == '\'' ? '\'' : '\\');
            return next == '\'' ? 2 : 1;
        }
        if (next == 'x' && i + 3 < line.length() && isHex(line.charAt(i + 2)) && isHex(line.charAt(i + 3))) {
            word.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
            return 4;
        }
        word.write(switch (next) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> next;
        });
        return 2;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b || c == 0;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
