package io.xsite.bench.demo;

import java.util.Optional;

/**
 * One start of the demo topology in a fresh JVM: how long from the start of its {@code main} until the
 * first round in which the visitor got a reply from all 9 members (itself included), and how many rounds
 * that took.
 *
 * @param system  {@code xsite} or {@code jgroups}
 * @param millis  start to the last reply of the first complete round
 * @param rounds  lines sent until one was answered by everyone
 */
record FirstRound(String system, long millis, int rounds) {
    /** The line a run prints on stdout for the harness: {@code FIRST_ROUND system millis rounds}. */
    String line() {
        return "FIRST_ROUND " + system + " " + millis + " " + rounds;
    }

    /** Reads {@link #line()}; anything else is not a result. */
    static Optional<FirstRound> parse(String line) {
        String[] words = line.strip().split(" ");
        if (words.length != 4 || !words[0].equals("FIRST_ROUND")) {
            return Optional.empty();
        }
        return Optional.of(new FirstRound(words[1], Long.parseLong(words[2]), Integer.parseInt(words[3])));
    }
}
