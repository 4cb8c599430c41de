package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.GridException;
import io.xsite.grid.SiteComparison;
import io.xsite.grid.SiteRepair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verify and repair between sites on one member (grid.md, "Verify and repair"). Confined to the grid thread.
 *
 * <p><b>Verify.</b> The member asked takes an instant and gathers its site's {@link SegmentDigest digests} of
 * the cache: every member of the view digests the segments it is the ready primary of
 * ({@link GridMessage.Digests}), one segment per round of the grid thread. The same request goes to the other
 * site's site master over the link, which gathers that site's digests the same way. Segments whose digests
 * differ are the differences; a segment a site cannot vouch for (a rebalance, a member that did not answer)
 * fails the verify rather than pass for equal.
 *
 * <p><b>Repair.</b> After a verify, each site's primaries send every entry of the differing segments, tombstones
 * included, to the other site as backups ({@link GridMessage.Push}), where each merges at its key's primary by
 * the cache's conflict policy. Merging is commutative and idempotent ({@link SiteMerge}), so whichever of the
 * two pushes reaches a key first, both sites end with the policy's winner; a removal one site missed arrives as
 * the other's tombstone. A verify follows.
 */
final class SiteVerify {
    private static final Logger log = LoggerFactory.getLogger(SiteVerify.class);
    /** How long a member has to digest its segments (a pass over each). */
    private static final Duration DIGEST_TIMEOUT = Duration.ofSeconds(30);
    /** How long a member has to push its segments, chunk after chunk, each applied by the other site. */
    private static final Duration PUSH_TIMEOUT = Duration.ofMinutes(10);

    private final UuidAddress self;
    private final String logName;
    private final GridThread thread;
    private final GridMessenger messenger;
    private final SiteExchange sites;
    private final StoreSettings settings;
    private final LongSupplier wallMillis;
    private final Function<String, CacheReplica> replicas;
    private final Supplier<List<UuidAddress>> members;

    /**
     * @param replicas the replica of a cache by name, null for none
     * @param members  the members of the current view, none before the first
     */
    SiteVerify(UuidAddress self, String logName, GridThread thread, GridMessenger messenger, SiteExchange sites,
               StoreSettings settings, LongSupplier wallMillis, Function<String, CacheReplica> replicas,
               Supplier<List<UuidAddress>> members) {
        this.self = self;
        this.logName = logName;
        this.thread = thread;
        this.messenger = messenger;
        this.sites = sites;
        this.settings = settings;
        this.wallMillis = wallMillis;
        this.replicas = replicas;
        this.members = members;
    }

    /** Compares this site's contents of {@code cache} with {@code site}'s. */
    CompletableFuture<SiteComparison> verify(String site, String cache) {
        thread.assertInThread();
        CacheReplica replica = replicas.apply(cache);
        if (replica == null) {
            return CompletableFuture.failedFuture(badRequest("no cache " + cache));
        }
        if (site.equals(sites.site())) {
            return CompletableFuture.failedFuture(badRequest(site + " is this member's own site"));
        }
        long now = wallMillis.getAsLong();
        CompletableFuture<List<SegmentDigest>> local = siteDigests(replica, now);
        CompletableFuture<List<SegmentDigest>> remote = sites.ask(site, id -> new GridMessage.Digests(id, cache, now),
                DIGEST_TIMEOUT.multipliedBy(2)).handle((reply, failure) -> {
                    if (failure != null || !(reply instanceof GridMessage.DigestsReply digests)) {
                        throw unavailable("site " + site + " did not send its digests: "
                                + (failure == null ? reply : cause(failure).getMessage()));
                    }
                    return digests.digests();
                });
        return local.thenCombine(remote, (mine, theirs) -> {
            SiteComparison comparison = compare(cache, sites.site(), site, replica.segments(), mine, theirs);
            log.info("[{}] cache {}: verify against {}: {} of {} segments differ ({} keys here, {} there)", logName,
                    cache, site, comparison.differences().size(), comparison.segments(), comparison.keys(),
                    comparison.otherKeys());
            return comparison;
        });
    }

    /** Sends the segments of {@code cache} that differ from {@code site}'s both ways, then compares again. */
    CompletableFuture<SiteRepair> repair(String site, String cache) {
        thread.assertInThread();
        CacheReplica replica = replicas.apply(cache);
        if (replica != null && replica.config().backups().isEmpty()) {
            return CompletableFuture.failedFuture(badRequest("cache " + cache + " has no backup sites: its entries "
                    + "carry no version vectors to merge by"));
        }
        return verify(site, cache).thenCompose(before -> {
            if (before.same()) {
                return CompletableFuture.completedFuture(new SiteRepair(before, before));
            }
            BitSet segments = new BitSet();
            before.differences().forEach(d -> segments.set(d.segment()));
            CompletableFuture<BitSet> sent = sitePush(replica, site, segments);
            CompletableFuture<BitSet> received = sites.ask(site, id -> new GridMessage.Push(id, cache, sites.site(),
                    segments), PUSH_TIMEOUT.plus(DIGEST_TIMEOUT)).handle((reply, failure) ->
                    reply instanceof GridMessage.PushReply pushed ? pushed.pushed() : new BitSet());
            return sent.thenCombine(received, (out, in) -> {
                log.info("[{}] cache {}: repair with {}: {} differing segments, {} sent there, {} received", logName,
                        cache, site, segments.cardinality(), out.cardinality(), in.cardinality());
                return null;
            }).thenCompose(pushed -> verify(site, cache)).thenApply(after -> new SiteRepair(before, after));
        });
    }

    /** A request from a member of this site: answered for the segments this member is the ready primary of. */
    void onMemberRequest(UuidAddress from, GridMessage.Request request) {
        String pushTo = request instanceof GridMessage.Push push ? push.site() : null;
        answer(request, pushTo, false).thenAccept(reply -> messenger.send(from, reply));
    }

    /** A request from another site, to this member as its site master: answered for the whole site. */
    void onSiteRequest(UuidAddress from, GridMessage.Request request) {
        if (!(request instanceof GridMessage.Digests || request instanceof GridMessage.Push)) {
            log.warn("[{}] grid request {} from {} is not one between sites; dropped", logName,
                    request.getClass().getSimpleName(), from);
            return;
        }
        // A push goes to the asking site, whatever the request names.
        answer(request, from.site(), true).thenAccept(reply -> sites.reply(from, reply));
    }

    /**
     * The reply to a {@link GridMessage.Digests} or {@link GridMessage.Push}: for the segments this member is the
     * ready primary of, or with {@code wholeSite} for every segment of the site.
     */
    private CompletableFuture<GridMessage.Reply> answer(GridMessage.Request request, String pushTo, boolean wholeSite) {
        if (request instanceof GridMessage.Digests digests) {
            CacheReplica replica = replicas.apply(digests.cache());
            CompletableFuture<List<SegmentDigest>> list = replica == null ? CompletableFuture.completedFuture(List.of())
                    : wholeSite ? siteDigests(replica, digests.nowMillis()) : ownDigests(replica, digests.nowMillis());
            return list.thenApply(d -> new GridMessage.DigestsReply(digests.requestId(), d));
        }
        GridMessage.Push push = (GridMessage.Push) request;
        CacheReplica replica = replicas.apply(push.cache());
        CompletableFuture<BitSet> pushed = replica == null ? CompletableFuture.completedFuture(new BitSet())
                : wholeSite ? sitePush(replica, pushTo, push.segments()) : ownPush(replica, pushTo, push.segments());
        return pushed.thenApply(p -> new GridMessage.PushReply(push.requestId(), p));
    }

    /**
     * The comparison of two sites' digests of a cache of {@code segments} segments; fails when either site did
     * not vouch for every segment.
     */
    static SiteComparison compare(String cache, String site, String otherSite, int segments,
                                  List<SegmentDigest> mine, List<SegmentDigest> theirs) {
        SegmentDigest[] here = bySegment(site, cache, segments, mine);
        SegmentDigest[] there = bySegment(otherSite, cache, segments, theirs);
        List<SiteComparison.SegmentDifference> differences = new ArrayList<>();
        long keys = 0;
        long otherKeys = 0;
        for (int segment = 0; segment < segments; segment++) {
            keys += here[segment].keys();
            otherKeys += there[segment].keys();
            if (!here[segment].sameContents(there[segment])) {
                differences.add(new SiteComparison.SegmentDifference(segment, here[segment].keys(),
                        there[segment].keys()));
            }
        }
        return new SiteComparison(cache, site, otherSite, segments, keys, otherKeys, differences);
    }

    private static SegmentDigest[] bySegment(String site, String cache, int segments, List<SegmentDigest> digests) {
        SegmentDigest[] table = new SegmentDigest[segments];
        for (SegmentDigest digest : digests) {
            if (digest.segment() >= segments) {
                throw badRequest("site " + site + " has more than " + segments + " segments of cache " + cache);
            }
            table[digest.segment()] = digest;
        }
        int missing = 0;
        for (SegmentDigest digest : table) {
            missing += digest == null ? 1 : 0;
        }
        if (missing > 0) {
            throw unavailable("site " + site + " vouched for " + (segments - missing) + " of the " + segments
                    + " segments of cache " + cache + " (is the cache there? a rebalance, or a member that did not "
                    + "answer?); try again");
        }
        return table;
    }

    /** The digests of every segment of the site, as the members of the view report theirs. */
    private CompletableFuture<List<SegmentDigest>> siteDigests(CacheReplica replica, long nowMillis) {
        List<CompletableFuture<List<SegmentDigest>>> parts = new ArrayList<>();
        for (UuidAddress member : members.get()) {
            parts.add(member.equals(self) ? ownDigests(replica, nowMillis) : messenger.request(member,
                    id -> new GridMessage.Digests(id, replica.name(), nowMillis), DIGEST_TIMEOUT).handle((reply, failure) ->
                    reply instanceof GridMessage.DigestsReply digests ? digests.digests() : List.of()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(all -> parts.stream().flatMap(part -> part.join().stream()).toList());
    }

    /** The digests of the segments this member is the ready primary of, one segment per round of the thread. */
    private CompletableFuture<List<SegmentDigest>> ownDigests(CacheReplica replica, long nowMillis) {
        CompletableFuture<List<SegmentDigest>> done = new CompletableFuture<>();
        digestFrom(replica, 0, nowMillis, new ArrayList<>(), done);
        return done;
    }

    private void digestFrom(CacheReplica replica, int first, long nowMillis, List<SegmentDigest> digests,
                            CompletableFuture<List<SegmentDigest>> done) {
        for (int segment = first; segment < replica.segments(); segment++) {
            SegmentStore store = replica.servedStore(segment);
            if (store != null) {
                digests.add(SegmentDigest.of(segment, store, nowMillis));
                int next = segment + 1;
                // The next segment in a later round: a large cache's digests do not hold up its operations.
                thread.execute(() -> digestFrom(replica, next, nowMillis, digests, done));
                return;
            }
        }
        done.complete(digests);
    }

    /** Has every member of the view push its part of {@code segments} to {@code site}; the segments pushed. */
    private CompletableFuture<BitSet> sitePush(CacheReplica replica, String site, BitSet segments) {
        List<CompletableFuture<BitSet>> parts = new ArrayList<>();
        for (UuidAddress member : members.get()) {
            parts.add(member.equals(self) ? ownPush(replica, site, segments) : messenger.request(member,
                    id -> new GridMessage.Push(id, replica.name(), site, segments), PUSH_TIMEOUT).handle((reply, failure) ->
                    reply instanceof GridMessage.PushReply pushed ? pushed.pushed() : new BitSet()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(all -> {
            BitSet pushed = new BitSet();
            parts.forEach(part -> pushed.or(part.join()));
            return pushed;
        });
    }

    /** Pushes the segments of {@code segments} this member is the ready primary of to {@code site}. */
    private CompletableFuture<BitSet> ownPush(CacheReplica replica, String site, BitSet segments) {
        BitSet pushed = new BitSet();
        return pushFrom(replica, site, segments, segments.nextSetBit(0), 0, pushed).thenApply(done -> pushed);
    }

    /**
     * Sends one backup batch with the entries of {@code segments} from {@code segment} and {@code position} on
     * (several small segments share a batch: a repair after a site was lost sends every segment), then the next;
     * {@code pushed} gets each segment once its last entry was applied. Stops at the first batch not applied.
     */
    private CompletableFuture<Void> pushFrom(CacheReplica replica, String site, BitSet segments, int segment,
                                             long position, BitSet pushed) {
        List<Map.Entry<StoredKey, StoredEntry>> batch = new ArrayList<>();
        BitSet completed = new BitSet();
        int bytes = 0;
        while (segment >= 0 && segment < replica.segments() && batch.size() < SiteBackups.BATCH_ENTRIES
                && bytes < SiteBackups.BATCH_BYTES) {
            SegmentStore store = replica.servedStore(segment);
            if (store != null) {
                SegmentStore.Chunk chunk = store.chunk(position, SiteBackups.BATCH_ENTRIES - batch.size(),
                        SiteBackups.BATCH_BYTES - bytes);
                batch.addAll(chunk.entries());
                for (Map.Entry<StoredKey, StoredEntry> e : chunk.entries()) {
                    bytes += SegmentStore.wireSize(e.getKey(), e.getValue());
                }
                if (chunk.nextPosition() >= 0) {
                    position = chunk.nextPosition();
                    break; // the batch is full in the middle of this segment
                }
                completed.set(segment);
            }
            segment = segments.nextSetBit(segment + 1);
            position = 0;
        }
        if (batch.isEmpty()) {
            pushed.or(completed);
            return CompletableFuture.completedFuture(null);
        }
        int nextSegment = segment;
        long nextPosition = position;
        return sites.backup(site, replica.name(), batch, settings.requestTimeout()).thenCompose(applied -> {
            if (!applied) {
                return CompletableFuture.completedFuture(null); // the next verify shows what is left
            }
            pushed.or(completed);
            return pushFrom(replica, site, segments, nextSegment, nextPosition, pushed);
        });
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static GridException badRequest(String message) {
        return new GridException(GridException.Reason.BAD_REQUEST, message);
    }

    private static GridException unavailable(String message) {
        return new GridException(GridException.Reason.UNAVAILABLE, message);
    }
}
