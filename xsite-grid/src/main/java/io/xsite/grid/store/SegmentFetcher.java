package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Brings a new owner's segments in, a few at a time ({@link StoreSettings#fetchParallelism()}) and chunk by
 * chunk, with one chunk per source in flight: the heap a rebalance takes is bounded by chunks, not by the
 * cache. A primary merges the copies of every source (keeping the newer entry of each key); a backup takes
 * its primary's copy as it is, range by range ({@link SegmentStore#replaceRange}). A new view cancels every
 * transfer (the replica starts over with the new placement). Confined to the grid thread.
 */
final class SegmentFetcher {

    /**
     * One segment to bring in.
     *
     * @param sources       the members to fetch from
     * @param authoritative whether the (single) source's copy replaces this one, rather than merging into it
     */
    record Task(int segment, List<UuidAddress> sources, boolean authoritative) {
    }

    /** Where fetched chunks go. */
    interface Sink {
        /** Asks {@code source} for the chunk of {@code segment} at {@code position}. */
        java.util.concurrent.CompletableFuture<GridMessage.Reply> ask(UuidAddress source, int segment, long position);

        /** Takes in a chunk that came from {@code position} on. */
        void take(Task task, long position, GridMessage.FetchReply chunk);
    }

    private final GridThread thread;
    private final StoreSettings settings;
    private final Sink sink;
    private final IntConsumer onFetched;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private int running;
    private long generation;

    SegmentFetcher(GridThread thread, StoreSettings settings, Sink sink, IntConsumer onFetched) {
        this.thread = thread;
        this.settings = settings;
        this.sink = sink;
        this.onFetched = onFetched;
    }

    /** Cancels every transfer. */
    void reset() {
        generation++;
        queue.clear();
        running = 0;
    }

    void start(List<Task> tasks) {
        queue.addAll(tasks);
        launch();
    }

    /** Segments queued or in transfer. */
    int pending() {
        return queue.size() + running;
    }

    private void launch() {
        while (running < settings.fetchParallelism() && !queue.isEmpty()) {
            Task task = queue.poll();
            running++;
            Set<UuidAddress> remaining = new HashSet<>(task.sources());
            task.sources().forEach(source -> fetch(task, source, 0, remaining, generation));
        }
    }

    private void fetch(Task task, UuidAddress source, long position, Set<UuidAddress> remaining, long started) {
        sink.ask(source, task.segment(), position).whenComplete((reply, failure) -> {
            if (started != generation) {
                return;
            }
            if (failure != null || !(reply instanceof GridMessage.FetchReply chunk) || chunk.stale()) {
                // The source left (a new view cancels this), is slow, or is in another view: ask again.
                thread.schedule(() -> {
                    if (started == generation) {
                        fetch(task, source, position, remaining, started);
                    }
                }, settings.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            sink.take(task, position, chunk);
            if (chunk.nextPosition() >= 0) {
                fetch(task, source, chunk.nextPosition(), remaining, started);
            } else if (remaining.remove(source) && remaining.isEmpty()) {
                running--;
                onFetched.accept(task.segment());
                launch();
            }
        });
    }
}
