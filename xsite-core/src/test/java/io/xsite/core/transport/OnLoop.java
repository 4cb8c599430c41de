package io.xsite.core.transport;

import io.netty.channel.EventLoop;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A transport with the event loop it is confined to, for a test that drives it from its own thread: each
 * call runs on the loop, as the member's protocol would make it, and the test waits for its result.
 */
public record OnLoop<T extends Transport>(T transport, EventLoop loop) {

    /** Runs {@code call} on the loop and returns its result; what it throws is thrown here. */
    public <R> R call(Function<? super T, R> call) {
        return loop.submit(() -> call.apply(transport)).syncUninterruptibly().getNow();
    }

    /** Asks {@code question} on the loop (would a send be taken, is a peer connected) and returns the answer. */
    public boolean check(Predicate<? super T> question) {
        return call(question::test);
    }

    /** Runs {@code action} on the loop and waits for it. */
    public void run(Consumer<? super T> action) {
        call(t -> {
            action.accept(t);
            return null;
        });
    }
}
