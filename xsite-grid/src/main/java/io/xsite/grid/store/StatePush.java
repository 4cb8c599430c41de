package io.xsite.grid.store;

import io.micrometer.core.instrument.Counter;
import io.xsite.grid.GridStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One state transfer from this member to a backup site (grid.md, "State transfer"): the segments this member is
 * primary of when the push starts, each sent in position order, chunk by chunk, one chunk on its way at a time.
 * Memory stays bounded: a chunk holds at most {@link SiteBackups#BATCH_ENTRIES} entries and about
 * {@link SiteBackups#BATCH_BYTES}, and nothing else is copied. A chunk carries its range, so the receiving site
 * also removes the keys of the range this member does not hold (deletes travel even once their tombstones are
 * gone). A segment that moved to another primary meanwhile is skipped: the push ends without it. Confined to the
 * grid thread.
 */
final class StatePush {
    private final long pushId;
    private final List<Integer> segments;
    private final Counter pushed;
    private int index;
    private long position;
    private int segmentsDone;
    private long entriesSent;
    private boolean inFlight;

    /**
     * @param pushId   the transfer's id, the same on every member of the site that pushes for one request
     * @param segments the segments to push, in order
     * @param pushed   counts the entries the site applied
     */
    StatePush(long pushId, List<Integer> segments, Counter pushed) {
        this.pushId = pushId;
        this.segments = List.copyOf(segments);
        this.pushed = pushed;
    }

    long pushId() {
        return pushId;
    }

    /** Whether every segment was pushed or skipped. */
    boolean done() {
        return index >= segments.size();
    }

    /** Segments that moved to another primary before they were pushed. */
    int skipped() {
        return index - segmentsDone;
    }

    GridStatus.PushProgress progress() {
        return new GridStatus.PushProgress(segmentsDone, segments.size(), entriesSent, done());
    }

    /**
     * Sends the next chunk to {@code site} unless one is on its way, the push is done, or the segment is not
     * ready here yet; {@code answered} hears whether the site applied it. An applied chunk's entries stop owing
     * the site if unchanged since.
     */
    void sendNext(CacheReplica replica, String site, SiteExchange exchange, Duration timeout,
                  Consumer<Boolean> answered) {
        while (!inFlight && !done() && !replica.isPrimary(segments.get(index))) {
            index++;
            position = 0;
        }
        if (inFlight || done()) {
            return;
        }
        int segment = segments.get(index);
        SegmentStore store = replica.servedStore(segment);
        if (store == null) {
            return; // primary, but not ready yet: the next tick tries again
        }
        long from = position;
        SegmentStore.Chunk chunk = store.chunk(from, SiteBackups.BATCH_ENTRIES, SiteBackups.BATCH_BYTES);
        inFlight = true;
        exchange.push(site, id -> new GridMessage.SitePush(id, replica.name(), pushId, replica.segments(), segment,
                from, chunk.nextPosition(), chunk.entries()), timeout).thenAccept(applied -> {
                    inFlight = false;
                    if (applied && index < segments.size() && segments.get(index) == segment && position == from) {
                        entriesSent += chunk.entries().size();
                        pushed.increment(chunk.entries().size());
                        replica.acknowledge(site, chunk.entries().stream()
                                .map(e -> Map.entry(e.getKey(), e.getValue().version())).toList());
                        position = chunk.nextPosition();
                        if (position < 0) {
                            segmentsDone++;
                            index++;
                            position = 0;
                        }
                    }
                    answered.accept(applied);
                });
    }
}
