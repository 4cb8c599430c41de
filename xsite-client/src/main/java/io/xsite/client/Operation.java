package io.xsite.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One command on its way: its arguments, whether it may be sent again, its deadline and the future its caller
 * holds. Created on any thread; afterwards read and changed on the client's I/O thread only. Ordered by
 * {@link #sequence}, the order of the calls, so that operations taken back from a failed site go out again
 * before later ones.
 */
final class Operation implements Comparable<Operation> {
    final long sequence;
    final List<byte[]> arguments;
    final Retry retry;
    final long deadlineNanos;
    final CompletableFuture<RespValue> result = new CompletableFuture<>();
    /** When it was last written to a connection ({@link System#nanoTime}). */
    long sentAtNanos;

    Operation(long sequence, List<byte[]> arguments, Retry retry, long deadlineNanos) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs a name");
        }
        this.sequence = sequence;
        this.arguments = List.copyOf(arguments);
        this.retry = retry;
        this.deadlineNanos = deadlineNanos;
    }

    /** The command's name, upper case ({@code SET}), for messages. */
    String name() {
        return new String(arguments.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    }

    @Override
    public int compareTo(Operation other) {
        return Long.compare(sequence, other.sequence);
    }
}
