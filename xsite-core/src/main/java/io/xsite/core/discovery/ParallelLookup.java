package io.xsite.core.discovery;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one blocking lookup per source (a host name to resolve, a router to ask) in parallel on threads of
 * its own, never on an event loop, and merges the candidates in source order without duplicates. Each
 * lookup handles and logs its own failures and returns what it found, possibly nothing; one slow source
 * delays the result but does not hold up the lookups of the others.
 *
 * @param <S> the kind of source
 */
final class ParallelLookup<S> implements AutoCloseable {
    /** Threads at most: enough for a router or host list, few enough not to crowd a small machine. */
    private static final int MAX_THREADS = 8;
    /** Threads idle for this long end: find() runs every few seconds, so they are back soon or not needed. */
    private static final long IDLE_SECONDS = 30;

    private final String name;
    private final List<S> sources;
    private final Function<S, List<Candidate>> lookup;
    private final ThreadPoolExecutor threads;

    /**
     * @param name    names the threads ({@code name-N}) and the error after {@link #close()}
     * @param sources the sources, in the order their candidates are merged; at least one
     * @param lookup  the blocking lookup of one source; must not throw for a source that fails
     */
    ParallelLookup(String name, List<S> sources, Function<S, List<Candidate>> lookup) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(name + ": nothing to look up");
        }
        this.name = name;
        this.sources = List.copyOf(sources);
        this.lookup = lookup;
        int count = Math.min(this.sources.size(), MAX_THREADS);
        this.threads = new ThreadPoolExecutor(count, count, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(name, true));
        threads.allowCoreThreadTimeOut(true);
    }

    /** Looks every source up; completes with the merged candidates when the last lookup is done. */
    CompletionStage<List<Candidate>> run() {
        List<CompletableFuture<List<Candidate>>> each = new ArrayList<>(sources.size());
        try {
            for (S source : sources) {
                each.add(CompletableFuture.supplyAsync(() -> lookup.apply(source), threads));
            }
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " is closed", e));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Set<Candidate> merged = new LinkedHashSet<>();
            each.forEach(found -> merged.addAll(found.join()));
            return List.copyOf(merged);
        });
    }

    /** Stops the threads; lookups in progress are interrupted and run() fails from now on. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
