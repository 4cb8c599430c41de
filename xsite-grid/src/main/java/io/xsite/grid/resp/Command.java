package io.xsite.grid.resp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One command of the server, with what {@code COMMAND} and {@code COMMAND DOCS} tell clients about it.
 *
 * @param name    lower case, as Redis' messages spell it
 * @param arity   as Redis counts it, the name included: {@code n} exactly, {@code -n} at least {@code n}
 * @param noAuth  whether it runs before authentication ({@code AUTH}, {@code HELLO}, {@code QUIT})
 * @param keys    whether its arguments after the name are keys (first key at 1), for {@code COMMAND}
 * @param group   the {@code COMMAND DOCS} group: {@code string}, {@code generic}, {@code connection}, {@code server}
 * @param summary one line for {@code COMMAND DOCS}
 * @param since   the Redis version that added it
 * @param handler runs it on the connection's event loop; must not block
 */
record Command(String name, int arity, boolean noAuth, Keys keys, String group, String summary, String since,
               Handler handler) {

    /** Where a command's keys are, as {@code COMMAND} reports them: first, last (-1 = the end), step. */
    record Keys(int first, int last, int step) {
        /** No keys. */
        static final Keys NONE = new Keys(0, 0, 0);
        /** One key, the first argument. */
        static final Keys ONE = new Keys(1, 1, 1);
        /** Every argument is a key. */
        static final Keys ALL = new Keys(1, -1, 1);
        /** Keys and values alternate ({@code MSET}). */
        static final Keys PAIRS = new Keys(1, -1, 2);
    }

    /** Runs one request of the command. */
    @FunctionalInterface
    interface Handler {
        /** The reply to {@code request}; may throw {@link CommandError}. */
        CompletionStage<Reply> handle(RespSession session, RespFrame.Request request);
    }

    /** {@code reply}, complete: what a command that answers at once returns. */
    static CompletionStage<Reply> reply(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    /** Whether {@code count} arguments, the name included, suit the arity. */
    boolean accepts(int count) {
        return arity >= 0 ? count == arity : count >= -arity;
    }
}
