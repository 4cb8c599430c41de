package io.xsite.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Starts several things at the same moment, one thread each. Members of a site that start together find
 * each other before any of them gives up and forms a view of its own; started one after the other (the
 * first one slowed by class loading), each would form its own view and the site would need merge rounds
 * to become one.
 */
final class StartTogether {
    private StartTogether() {
    }

    /**
     * Applies {@code start} to every item on a thread of its own and returns the results in item order. If
     * any start fails, the others' results are passed to {@code undo} and the first failure is rethrown.
     */
    static <I, R> List<R> run(List<I> items, Function<I, R> start, Consumer<R> undo) {
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "xsite-demo-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<R>> starts = items.stream()
                    .map(item -> CompletableFuture.supplyAsync(() -> start.apply(item), threads)).toList();
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
            List<R> results = new ArrayList<>();
            RuntimeException failure = null;
            for (CompletableFuture<R> started : starts) {
                try {
                    results.add(started.join());
                } catch (CompletionException e) {
                    failure = failure != null ? failure : e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            if (failure != null) {
                results.forEach(undo);
                throw failure;
            }
            return results;
        } finally {
            threads.shutdown();
        }
    }
}
