package io.xsite.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The demo's output as it is printed: each line goes on to the real output and is kept, so that a step
 * can check what the chat printed (the {@code << response from NAME:SITE} lines of its round). Thread-safe:
 * the chat prints from the nodes' threads.
 */
public final class Transcript implements Consumer<String> {
    private final Consumer<String> out;
    private final List<String> lines = new ArrayList<>();

    /** A transcript that prints each line to {@code out}. */
    public Transcript(Consumer<String> out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public synchronized void accept(String line) {
        lines.add(line);
        out.accept(line);
    }

    /** A position in the transcript: the number of lines printed so far. */
    synchronized int mark() {
        return lines.size();
    }

    /** The lines printed since {@code mark}. */
    synchronized List<String> since(int mark) {
        return List.copyOf(lines.subList(mark, lines.size()));
    }
}
