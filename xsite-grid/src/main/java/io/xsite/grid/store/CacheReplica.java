package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.grid.BackupAction;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.Expiry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridStatus;
import io.xsite.grid.GridWrite;
import io.xsite.grid.WriteResult;
import io.xsite.grid.store.GridMessage.Answer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache on one member: the segments it holds, its part in the placement of the current view, and the
 * rules of the write path and of rebalancing (docs/design.md, "Grid"). Confined to the grid thread.
 *
 * <p>Per view: a segment this member owns is <em>ready</em> when its copy holds every acknowledged write.
 * An owner that was ready in the previous view stays ready (it received every write since as an owner);
 * any other owner fetches: a primary merges the copies of every member whose lineage is the newest, a
 * backup takes its ready primary's copy. A primary serves a segment only when ready; operations on a
 * segment that is not ready wait for it. A member keeps the copy of a segment it no longer owns until every
 * owner of it reported ready, so no crash during a rebalance loses the last complete copy.
 */
final class CacheReplica {
    private static final Logger log = LoggerFactory.getLogger(CacheReplica.class);

    private final CacheConfig config;
    private final UuidAddress self;
    private final String logName;
    private final GridMessenger messenger;
    private final GridThread thread;
    private final StoreSettings settings;
    private final HybridClock clock;
    private final LongSupplier wallMillis;
    private final GridMetrics.CacheMeters meters;
    private final Runnable readinessChanged;
    private final SiteBackups backups;
    /** Per backup site, the keys it acknowledged, to tell the other owners ({@link #shareAcknowledged}). */
    private final Map<String, List<Map.Entry<StoredKey, Long>>> acknowledged = new HashMap<>();
    private long acknowledgedBytes;
    private long acknowledgedSharedNanos = System.nanoTime();
    private long merges;
    private final SegmentStore[] stores;
    private final SegmentFetcher fetcher;
    private final Map<Integer, ArrayDeque<Runnable>> waiting = new HashMap<>();
    private final Map<OperationId, ReplicatedWrite> replicating = new LinkedHashMap<>();
    private final Map<UuidAddress, BitSet> readyOf = new HashMap<>();
    private Placement placement;
    private ViewStamp view;
    private boolean writable;
    private boolean settled;
    /** The grid stopped: operations are refused, not queued. */
    private boolean stopped;
    private BitSet ready = new BitSet();
    private BitSet previousReady = new BitSet();

    CacheReplica(CacheConfig config, UuidAddress self, String logName, GridMessenger messenger, GridThread thread,
                 StoreSettings settings, HybridClock clock, LongSupplier wallMillis, GridMetrics.CacheMeters meters,
                 Runnable readinessChanged, SiteBackups backups) {
        this.config = config;
        this.self = self;
        this.logName = logName;
        this.messenger = messenger;
        this.thread = thread;
        this.settings = settings;
        this.clock = clock;
        this.wallMillis = wallMillis;
        this.meters = meters;
        this.readinessChanged = readinessChanged;
        this.backups = backups;
        this.stores = new SegmentStore[config.segments()];
        this.fetcher = new SegmentFetcher(thread, settings, new FetchSink(), this::onFetched);
    }

    String name() {
        return config.name();
    }

    CacheConfig config() {
        return config;
    }

    /** The primary of {@code key} in the current view; null before the first view. */
    UuidAddress primaryOf(StoredKey key) {
        return primaryOf(key.segment(config.segments()));
    }

    /** The primary of {@code segment} in the current view; null before the first view. */
    UuidAddress primaryOf(int segment) {
        return placement == null ? null : placement.primary(segment);
    }

    int segments() {
        return stores.length;
    }

    /** The owners of {@code segment} in the current view, primary first; none before the first view. */
    List<UuidAddress> owners(int segment) {
        return placement == null ? List.of() : placement.owners(segment);
    }

    /** Whether this member is the primary of {@code segment} in the current view. */
    boolean isPrimary(int segment) {
        return placement != null && placement.primary(segment).equals(self);
    }

    /** The owned segments that hold every acknowledged write, as this member's view state reports them. */
    BitSet ready() {
        return (BitSet) ready.clone();
    }

    /** The owned segments that were ready in the previous view: ready again once the view settles, unless stale. */
    BitSet carried() {
        BitSet carried = (BitSet) previousReady.clone();
        for (int segment = carried.nextSetBit(0); segment >= 0; segment = carried.nextSetBit(segment + 1)) {
            if (!placement.isOwner(self, segment)) {
                carried.clear(segment);
            }
        }
        return carried;
    }

    // ---- views ----------------------------------------------------------------------------------------

    /** A new view: the new placement applies; readiness is decided once the view {@link #onSettled settles}. */
    void onViewInstalled(View installed, ViewStamp stamp, boolean canWrite) {
        previousReady = writable && settled ? ready : new BitSet();
        Placement previous = placement;
        placement = Placement.of(installed.members(), config.owners(), config.segments());
        view = stamp;
        writable = canWrite;
        settled = false;
        ready = new BitSet();
        readyOf.clear();
        fetcher.reset();
        countLostSegments(previous, installed);
        if (!writable) {
            refuseReplicating();
        }
        rerunWaiting();
        updateMeters();
    }

    private void refuseReplicating() {
        List<ReplicatedWrite> pending = replicatingWrites();
        replicating.clear();
        pending.forEach(w -> w.answer(clusterDown()));
    }

    /** The writes being copied, each once (a write of several entries is found under each entry's id). */
    private List<ReplicatedWrite> replicatingWrites() {
        return List.copyOf(new LinkedHashSet<>(replicating.values()));
    }

    /**
     * Every member of the view told its lineage: decides which owned segments are ready and fetches the rest.
     * A primary's segment is ready if it carried it over; a backup's if both it and its primary did (a primary
     * that fetched may have merged writes the backup never saw, so the backup takes the primary's copy).
     *
     * @param canWrite whether the view is writable after all (a member that held a majority of its last stable
     *                 view at install may learn at settling that another did not: then it refuses operations)
     * @param stale   whether this member missed writes (its copies are not among the newest: {@link
     *                Quorum#newestCopies})
     * @param sources the other members holding the newest copies, which a primary merges (none: this member's
     *                copies are the newest there are)
     * @param carrying per member holding the newest copies, the segments it carried over (see {@link #carried})
     */
    void onSettled(boolean canWrite, boolean stale, List<UuidAddress> sources, Map<UuidAddress, BitSet> carrying) {
        settled = true;
        if (!canWrite && writable) {
            writable = false;
            refuseReplicating();
            rerunWaiting();
            updateMeters();
        }
        if (!writable) {
            return;
        }
        if (stale) {
            java.util.Arrays.fill(stores, null);
        }
        List<SegmentFetcher.Task> primaries = new ArrayList<>();
        List<SegmentFetcher.Task> backups = new ArrayList<>();
        for (int segment = 0; segment < stores.length; segment++) {
            if (!placement.isOwner(self, segment)) {
                continue;
            }
            UuidAddress primaryOwner = placement.primary(segment);
            boolean primary = primaryOwner.equals(self);
            boolean carried = !stale && previousReady.get(segment)
                    && carrying.getOrDefault(primaryOwner, new BitSet()).get(segment);
            // No other member has a copy as new as this one's: it is complete (a stale primary fetches it from here).
            if (carried || sources.isEmpty()) {
                storeOf(segment);
                ready.set(segment);
            } else if (primary) {
                primaries.add(new SegmentFetcher.Task(segment, sources, false));
            } else {
                backups.add(new SegmentFetcher.Task(segment, List.of(primaryOwner), true));
            }
        }
        if (!primaries.isEmpty() || !backups.isEmpty()) {
            log.info("[{}] cache {}: fetching {} segments as primary and {} as backup in view {}", logName,
                    config.name(), primaries.size(), backups.size(), view.sequence());
        }
        primaries.addAll(backups);
        fetcher.start(primaries);
        for (ReplicatedWrite write : replicatingWrites()) {
            if (write.entries.stream().allMatch(e -> placement.primary(e.segment()).equals(self)
                    && ready.get(e.segment()))) {
                replicate(write);
            } else {
                forget(write);
                write.answer(new Answer.Retry("the primary changed"));
            }
        }
        rerunWaiting();
        dropSettledCopies();
        updateMeters();
    }

    /** Another member's owned and ready segments, from its view state. */
    void onReadyOf(UuidAddress member, BitSet segments) {
        readyOf.put(member, segments);
        dropSettledCopies();
        updateMeters();
    }

    private void onFetched(int segment) {
        ready.set(segment);
        meters.segmentsFetched.increment();
        if (fetcher.pending() == 0) {
            log.info("[{}] cache {}: rebalance done in view {}", logName, config.name(), view.sequence());
        }
        runWaiting(segment);
        readinessChanged.run();
        updateMeters();
    }

    // ---- the primary ------------------------------------------------------------------------------------

    /**
     * Runs a client operation as the key's primary: a read when {@code write} is null. Answers Retry when this
     * member is not the primary of the current view, and waits while the segment is not ready, until
     * {@code deadlineNanos} (then the client has given up: the operation is dropped, not applied late).
     * {@code forwarded}: the member that forwarded the operation, or null when it was accepted here.
     */
    void executeAsPrimary(StoredKey key, OperationId id, GridWrite write, long deadlineNanos, Forwarded forwarded,
                          Consumer<Answer> answer) {
        int segment = key.segment(config.segments());
        if (System.nanoTime() - deadlineNanos > 0) {
            answer.accept(new Answer.Failed(GridException.Reason.UNAVAILABLE, "the operation timed out"));
            return;
        }
        if (!asPrimary(segment, answer, () -> executeAsPrimary(key, id, write, deadlineNanos, forwarded,
                answer))) {
            return;
        }
        SegmentStore store = stores[segment];
        long now = wallMillis.getAsLong();
        if (write == null) {
            StoredEntry entry = store.get(key);
            answer.accept(new Answer.Read(entry == null ? java.util.Optional.empty() : entry.live(now)));
            return;
        }
        ReplicatedWrite inFlight = replicating.get(id);
        if (inFlight != null) {
            inFlight.join(answer);
            return;
        }
        WriteResult done = store.recentWrite(id);
        if (done != null) {
            answer.accept(new Answer.Written(done));
            return;
        }
        WriteApplier.Outcome outcome;
        try {
            outcome = WriteApplier.apply(store.get(key), write, now, clock.now());
        } catch (GridException e) {
            answer.accept(new Answer.Failed(e.reason(), e.getMessage()));
            return;
        }
        store.rememberWrite(id, outcome.result());
        if (outcome.entry() == null) {
            answer.accept(new Answer.Written(outcome.result()));
            return;
        }
        boolean toSites = backups.any() && backups.linked();
        StoredEntry entry = storeAsPrimary(store, key, outcome.entry(), write, toSites);
        replicate(ReplicatedWrite.of(id, key, segment, outcome.result(), true, forwarded, answer),
                List.of(Map.entry(key, entry)), toSites);
    }

    /**
     * Runs the puts of a {@link GridMessage.PutAll} as the primary of every key: each one as {@link #executeAsPrimary}
     * runs a write (its own version, timestamp and remembered id, and what the backup sites are owed), but copied to
     * each other owner in one message and answered once, when every owner stored them all. Answers Retry when this
     * member is not the primary of every key, and waits while a segment is not ready (until {@code deadlineNanos}).
     * A put applied already (the group is retried after its primary changed) is not applied again, and one still
     * being copied is waited for.
     */
    void putAllAsPrimary(List<GridMessage.PutAll.Item> items, long deadlineNanos, Forwarded forwarded,
                         Consumer<Answer> answer) {
        if (System.nanoTime() - deadlineNanos > 0) {
            answer.accept(new Answer.Failed(GridException.Reason.UNAVAILABLE, "the operation timed out"));
            return;
        }
        List<StoredKey> keys = new ArrayList<>(items.size());
        for (GridMessage.PutAll.Item item : items) {
            StoredKey key = StoredKey.of(item.key());
            if (!asPrimary(key.segment(config.segments()), answer, () -> putAllAsPrimary(items, deadlineNanos,
                    forwarded, answer))) {
                return;
            }
            keys.add(key);
        }
        long now = wallMillis.getAsLong();
        boolean toSites = backups.any() && backups.linked();
        List<ReplicatedWrite.Entry> written = new ArrayList<>(items.size());
        List<Map.Entry<StoredKey, StoredEntry>> entries = new ArrayList<>(items.size());
        Set<ReplicatedWrite> inFlight = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            OperationId id = items.get(i).writeId();
            StoredKey key = keys.get(i);
            int segment = key.segment(config.segments());
            SegmentStore store = stores[segment];
            ReplicatedWrite copying = replicating.get(id);
            if (copying != null) {
                inFlight.add(copying);
            } else if (store.recentWrite(id) == null) {
                GridWrite put = GridWrite.put(items.get(i).value(), Expiry.never());
                WriteApplier.Outcome outcome = WriteApplier.apply(store.get(key), put, now, clock.now());
                store.rememberWrite(id, outcome.result());
                entries.add(Map.entry(key, storeAsPrimary(store, key, outcome.entry(), put, toSites)));
                written.add(new ReplicatedWrite.Entry(id, key, segment, outcome.result()));
            }
        }
        Outstanding outstanding = new Outstanding(STORED, answer);
        inFlight.forEach(w -> w.join(outstanding.add()));
        if (!written.isEmpty()) {
            // The copy to the forwarding member may answer for the group only if nothing else is waited for.
            replicate(new ReplicatedWrite(written, STORED, true, inFlight.isEmpty() ? forwarded : null,
                    outstanding.add()), entries, toSites);
        }
        outstanding.seal();
    }

    /**
     * Stores a client write's new {@code entry} of {@code key} as its primary, stamped for the backup sites when
     * there are any (or the key's entry carries stamps already); returns the entry stored.
     */
    private StoredEntry storeAsPrimary(SegmentStore store, StoredKey key, StoredEntry entry, GridWrite write,
                                       boolean toSites) {
        StoredEntry previous = store.get(key);
        StoredEntry stored = entry;
        if (toSites || (previous != null && previous.stamps() != null && backups.localSite() != null)) {
            Long delta = write instanceof GridWrite.Increment increment ? increment.delta() : null;
            stored = SiteMerge.stampLocal(previous, entry, backups.localSite(), delta,
                    write instanceof GridWrite.SetExpiry, backups.sites());
        }
        store.put(key, stored);
        return stored;
    }

    /**
     * Copies a write this member applied as the primary to the other owners and, with {@code toSites}, sends its
     * {@code entries} to the synchronous backup sites; answers once all stored it.
     */
    private void replicate(ReplicatedWrite write, List<Map.Entry<StoredKey, StoredEntry>> entries, boolean toSites) {
        write.entries.forEach(e -> replicating.put(e.id(), write));
        if (!toSites) {
            replicate(write);
            return;
        }
        write.awaitSites();
        // The owners are awaited before the sites are asked: with no site to wait for (async or offline ones only)
        // the sites answer at once, and the write must not count as complete before its owners stored it.
        replicate(write);
        backups.sendSync(this, entries, failure -> {
            write.sitesDone(failure.orElse(null));
            if (write.complete() && replicating.get(write.entries.get(0).id()) == write) {
                finish(write);
            }
        });
    }

    // ---- between sites -------------------------------------------------------------------------------------

    /**
     * Merges entries another site sent, as their keys' primary (grid.md, "Between sites"), copies what changed to
     * the other owners, and answers true once they all stored it; false at once when this member is not the
     * primary of them all (the sender tries again later). An entry that changed here is owed to this cache's
     * backup sites, except to {@code fromSite} when it holds exactly that already.
     */
    void merge(String fromSite, List<Map.Entry<StoredKey, StoredEntry>> entries, Consumer<Boolean> answer) {
        for (Map.Entry<StoredKey, StoredEntry> e : entries) {
            int segment = e.getKey().segment(config.segments());
            if (!asPrimary(segment, a -> answer.accept(false), () -> merge(fromSite, entries, answer))) {
                return;
            }
        }
        Outstanding outstanding = new Outstanding(MERGED, merged(answer));
        entries.forEach(e -> mergeOne(fromSite, e.getKey(), e.getValue(), outstanding));
        outstanding.seal();
    }

    /**
     * Applies a chunk of another site's state transfer as the segment's primary (grid.md, "State transfer"): the
     * range from {@code push.from()} to {@code push.next()} ends up holding the sender's entries, merged as any
     * backup is (a key written here concurrently is decided by the conflict policy, one written after seeing the
     * sender's entry stays), and loses the keys the sender does not hold, unless written after the push began
     * (their HLC timestamp is past the receiving site's {@code push.epoch()}). Answers as {@link #merge} does.
     */
    void mergeRange(GridMessage.PushRange push, Consumer<Boolean> answer) {
        int segment = push.segment();
        if (segment >= stores.length || push.entries().stream().anyMatch(e -> e.getKey().segment(stores.length)
                != segment)) {
            log.warn("[{}] cache {}: a state transfer chunk from {} names keys of another segment than {}; refused "
                    + "(do both sites configure {} segments?)", logName, config.name(), push.fromSite(), segment,
                    stores.length);
            answer.accept(false);
            return;
        }
        if (!asPrimary(segment, a -> answer.accept(false), () -> mergeRange(push, answer))) {
            return;
        }
        SegmentStore store = stores[segment];
        Set<StoredKey> sent = new HashSet<>();
        push.entries().forEach(e -> sent.add(e.getKey()));
        Outstanding outstanding = new Outstanding(MERGED, merged(answer));
        for (StoredKey key : store.keysIn(push.from(), push.next())) {
            StoredEntry local = store.get(key);
            if (!sent.contains(key) && !local.isTombstone() && local.timestamp() <= push.epoch()) {
                Set<String> owed = new TreeSet<>(backups.sites());
                owed.remove(push.fromSite());
                StoredEntry removal = SiteMerge.stampLocal(local, StoredEntry.tombstone(local.version() + 1,
                        clock.now()), backups.localSite(), null, false, owed);
                storeAndReplicate(key, segment, removal, outstanding);
            }
        }
        push.entries().forEach(e -> mergeOne(push.fromSite(), e.getKey(), e.getValue(), outstanding));
        outstanding.seal();
    }

    /**
     * Merges one entry of {@code fromSite}; what changed is owed to this cache's backup sites, except to
     * {@code fromSite} when it holds exactly that already.
     */
    private void mergeOne(String fromSite, StoredKey key, StoredEntry remote, Outstanding outstanding) {
        if (remote.stamps() == null) {
            return;
        }
        int segment = key.segment(config.segments());
        StoredEntry local = stores[segment].get(key);
        clock.observe(remote.timestamp());
        SiteMerge.Outcome outcome = SiteMerge.merge(local, remote, config.conflicts());
        if (outcome.conflict()) {
            backups.conflictWith(fromSite);
        }
        if (outcome.entry() == null) {
            return;
        }
        Set<String> owed = new TreeSet<>(outcome.entry().stamps().owed());
        owed.addAll(backups.sites());
        if (SiteMerge.sameContents(outcome.entry(), remote)) {
            owed.remove(fromSite);
        }
        storeAndReplicate(key, segment, outcome.entry().withStamps(outcome.entry().stamps().withOwed(owed)),
                outstanding);
    }

    /** Stores an entry that no client wrote (another site's) as the primary and copies it to the other owners. */
    private void storeAndReplicate(StoredKey key, int segment, StoredEntry entry, Outstanding outstanding) {
        stores[segment].put(key, entry);
        OperationId id = new OperationId(self.msb(), self.lsb(), -(++merges));
        ReplicatedWrite replicated = ReplicatedWrite.of(id, key, segment, MERGED, false, null, outstanding.add());
        replicating.put(id, replicated);
        replicate(replicated);
    }

    /** Whether a merge's writes were all stored by their owners. */
    private static Consumer<Answer> merged(Consumer<Boolean> answer) {
        return outcome -> answer.accept(outcome instanceof Answer.Written);
    }

    /**
     * Answers once every write handed to it answered (after {@link #seal}): written with the result it was made
     * with, or the first answer that was not written.
     */
    private static final class Outstanding implements Consumer<Answer> {
        private final Answer.Written written;
        private final Consumer<Answer> answer;
        private int left = 1;
        private Answer failure;

        Outstanding(WriteResult result, Consumer<Answer> answer) {
            this.written = new Answer.Written(result);
            this.answer = answer;
        }

        /** One more write to wait for: the returned consumer takes its answer. */
        Consumer<Answer> add() {
            left++;
            return this;
        }

        /** No more writes: answers once those handed over are stored. */
        void seal() {
            accept(written);
        }

        @Override
        public void accept(Answer outcome) {
            if (failure == null && !(outcome instanceof Answer.Written)) {
                failure = outcome;
            }
            if (--left == 0) {
                answer.accept(failure == null ? written : failure);
            }
        }
    }

    /** Whether {@code site} is a backup site of this cache. */
    boolean hasBackup(String site) {
        return backups.has(site);
    }

    /** An operator's action on backup site {@code site} ({@link SiteBackups#control}); what it did. */
    String controlBackup(String site, BackupAction action, long pushId) {
        return backups.control(this, site, action, pushId);
    }

    /** Another member passed the tracking bound of {@code site}: this one stops tracking it too. */
    void stopTracking(String site) {
        backups.stopTracking(this, site);
    }

    /** Stops owing {@code site} anything, in every segment held here (its tracking was dropped). */
    void forgetOwed(String site) {
        for (SegmentStore store : stores) {
            if (store != null) {
                store.forget(site);
            }
        }
    }

    /**
     * {@code site} acknowledged these keys' entries (by version): those still at that version stop owing it,
     * here and, within {@link #ACKNOWLEDGED_EVERY_NANOS}, on the other owners.
     */
    void acknowledge(String site, List<Map.Entry<StoredKey, Long>> versions) {
        onAcknowledged(site, versions);
        acknowledged.computeIfAbsent(site, s -> new ArrayList<>()).addAll(versions);
        for (Map.Entry<StoredKey, Long> e : versions) {
            acknowledgedBytes += e.getKey().bytes().length + 12;
        }
        if (acknowledgedBytes >= ACKNOWLEDGED_AT_ONCE_BYTES) {
            shareAcknowledged();
        }
    }

    /** A primary's (or this member's own) news that {@code site} acknowledged these versions. */
    void onAcknowledged(String site, List<Map.Entry<StoredKey, Long>> versions) {
        for (Map.Entry<StoredKey, Long> e : versions) {
            SegmentStore store = stores[e.getKey().segment(config.segments())];
            StoredEntry entry = store == null ? null : store.get(e.getKey());
            if (entry != null && entry.version() == e.getValue() && entry.owes(site)) {
                store.put(e.getKey(), entry.withStamps(entry.stamps().acknowledgedBy(site)));
            }
        }
    }

    /** Sends the backup sites what is owed, and the other owners what the sites acknowledged. */
    void tickSites() {
        if (placement == null || !writable) {
            return;
        }
        backups.tick(this);
        if (System.nanoTime() - acknowledgedSharedNanos >= ACKNOWLEDGED_EVERY_NANOS) {
            shareAcknowledged();
        }
    }

    /**
     * Tells the other owners of each acknowledged key that its site has it. Less often than batches leave (every
     * {@link #ACKNOWLEDGED_EVERY_NANOS}, or once the keys fill {@link #ACKNOWLEDGED_AT_ONCE_BYTES}): under an async load each
     * telling is a message per owner, as many as the batches themselves, and a late one costs nothing but
     * repeats: a backup that becomes primary before it heard sends those keys again, and the other site merges
     * them as the same entries (idempotent); a removal's tombstone is swept that much later.
     */
    private void shareAcknowledged() {
        acknowledged.forEach((site, versions) -> {
            Map<UuidAddress, List<Map.Entry<StoredKey, Long>>> byOwner = new HashMap<>();
            for (Map.Entry<StoredKey, Long> e : versions) {
                for (UuidAddress owner : placement.owners(e.getKey().segment(config.segments()))) {
                    if (!owner.equals(self)) {
                        byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(e);
                    }
                }
            }
            byOwner.forEach((owner, list) -> messenger.send(owner, new GridMessage.Acknowledged(config.name(), site,
                    list)));
        });
        acknowledged.clear();
        acknowledgedBytes = 0;
        acknowledgedSharedNanos = System.nanoTime();
    }

    /** The segment's store when this member serves it as its ready primary, else null. */
    SegmentStore servedStore(int segment) {
        return writable && placement != null && placement.primary(segment).equals(self) && ready.get(segment)
                ? stores[segment] : null;
    }

    /** Keys the segments this member is primary of owe some backup site. */
    long owedByPrimary() {
        return backups.sites().stream().mapToLong(this::owedByPrimary).sum();
    }

    /** Keys the segments this member is primary of owe {@code site}. */
    long owedByPrimary(String site) {
        long owed = 0;
        for (int segment = 0; segment < stores.length; segment++) {
            SegmentStore store = primaryStore(segment);
            if (store != null) {
                owed += store.owedTo(site).size();
            }
        }
        return owed;
    }

    /** The segment's store when this member is its primary (ready or not), else null. */
    SegmentStore primaryStore(int segment) {
        return placement != null && placement.primary(segment).equals(self) ? stores[segment] : null;
    }

    /** Live values in the segments this member is primary of. */
    long primaryValues() {
        long count = 0;
        for (int segment = 0; segment < stores.length; segment++) {
            if (placement != null && stores[segment] != null && placement.primary(segment).equals(self)) {
                count += stores[segment].values();
            }
        }
        return count;
    }

    /** Answers a scan page of one segment, as its primary. */
    void scan(GridMessage.Scan request, Consumer<GridMessage.ScanReply> answer) {
        Consumer<Answer> refused = a -> answer.accept(new GridMessage.ScanReply(request.requestId(), true, List.of(), -1));
        if (!asPrimary(request.segment(), refused, () -> scan(request, answer))) {
            return;
        }
        SegmentStore.Chunk chunk = stores[request.segment()].chunk(request.position(), Math.max(1, request.count()),
                Integer.MAX_VALUE);
        long now = wallMillis.getAsLong();
        List<byte[]> keys = chunk.entries().stream().filter(e -> e.getValue().isLive(now))
                .map(e -> e.getKey().bytes()).toList();
        answer.accept(new GridMessage.ScanReply(request.requestId(), false, keys, chunk.nextPosition()));
    }

    /**
     * Whether this member may serve {@code segment} now as its primary; otherwise it answered (cluster down,
     * retry elsewhere) or queued {@code later} until the segment is ready.
     */
    private boolean asPrimary(int segment, Consumer<Answer> answer, Runnable later) {
        if (stopped) {
            answer.accept(new Answer.Failed(GridException.Reason.UNAVAILABLE, "the grid of the key's primary stopped"));
            return false;
        }
        if (placement == null || !writable) {
            answer.accept(clusterDown());
            return false;
        }
        if (!placement.primary(segment).equals(self)) {
            answer.accept(new Answer.Retry("not the primary"));
            return false;
        }
        if (!ready.get(segment)) {
            waiting.computeIfAbsent(segment, s -> new ArrayDeque<>()).add(later);
            return false;
        }
        return true;
    }

    private void replicate(ReplicatedWrite write) {
        Set<UuidAddress> backups = new HashSet<>();
        write.entries.forEach(e -> backups.addAll(placement.owners(e.segment())));
        backups.remove(self);
        write.awaitIn(view, backups);
        if (write.complete()) {
            finish(write);
            return;
        }
        backups.forEach(owner -> copy(write, owner));
    }

    /** Sends {@code owner} the write's entries of the segments it owns, as they are now, in one message. */
    private void copy(ReplicatedWrite write, UuidAddress owner) {
        List<GridMessage.Copied> copied = new ArrayList<>(write.entries.size());
        for (ReplicatedWrite.Entry e : write.entries) {
            if (placement.isOwner(owner, e.segment())) {
                copied.add(new GridMessage.Copied(e.key().bytes(), stores[e.segment()].get(e.key()),
                        write.remembered ? e.id() : null, write.remembered ? e.result() : null));
            }
        }
        ViewStamp sentIn = view;
        long answers = write.answeredBy(owner);
        messenger.request(owner, id -> new GridMessage.Copy(id, config.name(), sentIn, copied, answers,
                answers == 0 ? null : write.result), settings.requestTimeout())
                .whenComplete((reply, failure) -> {
                    if (!sentIn.equals(view) || !sentIn.equals(write.view()) || !write.awaits(owner)) {
                        return; // a new view re-replicates the write
                    }
                    if (failure == null && reply instanceof GridMessage.CopyAck ack && ack.applied()) {
                        if (answers != 0) {
                            write.answeredByOrigin();
                        }
                        if (write.stored(owner)) {
                            finish(write);
                        }
                    } else if (messenger.stopped(owner)) {
                        // Its grid stopped: nothing sent there is stored until its member leaves and the next
                        // view copies the write to the owners it names.
                        log.debug("[{}] copy to {} not stored: its grid stopped", logName, owner);
                    } else {
                        log.debug("[{}] copy to {} not stored ({}), sent again", logName, owner,
                                failure != null ? failure.toString() : reply);
                        // The owner is slow or not yet in this view: send the keys' entries again.
                        thread.schedule(() -> {
                            if (sentIn.equals(view) && sentIn.equals(write.view()) && write.awaits(owner)) {
                                copy(write, owner);
                            }
                        }, settings.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
                    }
                });
    }

    private void finish(ReplicatedWrite write) {
        forget(write);
        write.answer(write.outcome());
    }

    /** The write is no longer being copied. */
    private void forget(ReplicatedWrite write) {
        write.entries.forEach(e -> replicating.remove(e.id(), write));
    }

    // ---- the other owners ---------------------------------------------------------------------------------

    /**
     * A primary's copy, in this member's current view: stored as it is (the primary orders the keys' writes), all
     * of its entries or, when the sender is not the primary of them all here, none.
     */
    GridMessage.CopyAck onCopy(UuidAddress from, GridMessage.Copy copy) {
        List<StoredKey> keys = new ArrayList<>(copy.entries().size());
        for (GridMessage.Copied copied : copy.entries()) {
            StoredKey key = StoredKey.of(copied.key());
            if (!writable || !placement.primary(key.segment(config.segments())).equals(from)) {
                return new GridMessage.CopyAck(copy.requestId(), false);
            }
            keys.add(key);
        }
        for (int i = 0; i < keys.size(); i++) {
            GridMessage.Copied copied = copy.entries().get(i);
            SegmentStore store = storeOf(keys.get(i).segment(config.segments()));
            clock.observe(copied.entry().timestamp());
            store.put(keys.get(i), copied.entry());
            if (copied.writeId() != null) {
                store.rememberWrite(copied.writeId(), copied.result());
            }
        }
        return new GridMessage.CopyAck(copy.requestId(), true);
    }

    /**
     * Serves a chunk of a segment, in this member's current view. A backup's request to its primary waits
     * until the primary is ready: the backup takes that copy as complete.
     */
    void onFetch(UuidAddress from, GridMessage.Fetch fetch, Consumer<GridMessage.FetchReply> answer) {
        int segment = fetch.segment();
        if (segment >= stores.length || !fetch.view().equals(view)) {
            answer.accept(new GridMessage.FetchReply(fetch.requestId(), true, List.of(), -1, Map.of()));
            return;
        }
        if (placement.primary(segment).equals(self) && placement.isOwner(from, segment) && !ready.get(segment)) {
            waiting.computeIfAbsent(segment, s -> new ArrayDeque<>()).add(() -> onFetch(from, fetch, answer));
            return;
        }
        SegmentStore store = stores[segment];
        if (store == null) {
            answer.accept(new GridMessage.FetchReply(fetch.requestId(), false, List.of(), -1, Map.of()));
            return;
        }
        SegmentStore.Chunk chunk = store.chunk(fetch.position(), settings.chunkEntries(), settings.chunkBytes());
        Map<OperationId, WriteResult> recent = chunk.nextPosition() < 0 ? Map.copyOf(store.recentWrites()) : Map.of();
        answer.accept(new GridMessage.FetchReply(fetch.requestId(), false, chunk.entries(), chunk.nextPosition(),
                recent));
    }

    // ---- upkeep --------------------------------------------------------------------------------------------

    /** Removes expired values, and tombstones old enough in segments whose every owner is ready. */
    void sweep() {
        long now = wallMillis.getAsLong();
        long tombstonesBefore = now - settings.tombstoneLifetime().toMillis();
        for (int segment = 0; segment < stores.length; segment++) {
            if (stores[segment] != null) {
                stores[segment].sweep(now, settledEverywhere(segment) ? tombstonesBefore : Long.MIN_VALUE);
            }
        }
        backups.measure(this);
        updateMeters();
    }

    GridStatus.CacheStatus status(Map<UuidAddress, String> names) {
        // The RPO as of this request, not of the last sweep (up to a second old): an operator about to lose a site,
        // or a test that kills it next, reads what would be lost now.
        backups.measure(this);
        Map<Integer, List<String>> owners = new LinkedHashMap<>();
        long local = 0;
        for (int segment = 0; segment < stores.length; segment++) {
            if (placement != null) {
                owners.put(segment, placement.owners(segment).stream().map(m -> names.getOrDefault(m, m.toString()))
                        .toList());
            }
            if (stores[segment] != null) {
                local += stores[segment].values();
            }
        }
        return new GridStatus.CacheStatus(config.name(), config.owners(), local, owners,
                meters.segmentsWithoutOwners.get(), !settled || fetcher.pending() > 0 || heldWithoutOwning() > 0,
                fetcher.pending(), backups.status());
    }

    /** The segment's entry for {@code key} as this member holds it, whatever its role (tests compare copies). */
    StoredEntry held(StoredKey key) {
        SegmentStore store = stores[key.segment(config.segments())];
        return store == null ? null : store.get(key);
    }

    /** Whether this member holds a copy of {@code segment}. */
    boolean holds(int segment) {
        return stores[segment] != null;
    }

    boolean isOwner(int segment) {
        return placement != null && placement.isOwner(self, segment);
    }

    /** Whether every owned segment is ready and no copy of a segment owned elsewhere is left here. */
    boolean balanced() {
        if (!settled || !writable || fetcher.pending() > 0 || heldWithoutOwning() > 0) {
            return false;
        }
        for (int segment = 0; segment < stores.length; segment++) {
            if (placement.isOwner(self, segment) && !ready.get(segment)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Answers what waits (the grid stops): writes still being copied, and operations waiting for their segment,
     * which would otherwise wait at the member that forwarded them until its timeout.
     */
    void close() {
        stopped = true;
        fetcher.reset();
        List<ReplicatedWrite> pending = replicatingWrites();
        replicating.clear();
        pending.forEach(w -> w.answer(new Answer.Failed(GridException.Reason.UNAVAILABLE, "the grid stopped")));
        rerunWaiting();
        waiting.clear();
    }

    private void dropSettledCopies() {
        if (!settled || !writable) {
            return;
        }
        for (int segment = 0; segment < stores.length; segment++) {
            if (stores[segment] != null && !placement.isOwner(self, segment) && settledEverywhere(segment)) {
                stores[segment] = null;
            }
        }
    }

    /** Whether every owner of {@code segment} reported it ready in this view. */
    private boolean settledEverywhere(int segment) {
        if (placement == null || !settled) {
            return false;
        }
        for (UuidAddress owner : placement.owners(segment)) {
            BitSet bits = owner.equals(self) ? ready : readyOf.get(owner);
            if (bits == null || !bits.get(segment)) {
                return false;
            }
        }
        return true;
    }

    private int heldWithoutOwning() {
        int count = 0;
        for (int segment = 0; segment < stores.length; segment++) {
            if (stores[segment] != null && !placement.isOwner(self, segment)) {
                count++;
            }
        }
        return count;
    }

    private void countLostSegments(Placement previous, View installed) {
        if (previous == null) {
            return;
        }
        int lost = 0;
        for (int segment = 0; segment < stores.length; segment++) {
            if (previous.owners(segment).stream().noneMatch(installed::contains)) {
                lost++;
            }
        }
        meters.segmentsWithoutOwners.set(lost);
        if (lost > 0) {
            meters.segmentsLost.increment(lost);
            log.error("[{}] cache {}: every owner of {} segments left at once; their data is gone from this site",
                    logName, config.name(), lost);
        }
    }

    private SegmentStore storeOf(int segment) {
        if (stores[segment] == null) {
            stores[segment] = new SegmentStore();
        }
        return stores[segment];
    }

    private void rerunWaiting() {
        List<Runnable> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        all.forEach(Runnable::run);
    }

    private void runWaiting(int segment) {
        ArrayDeque<Runnable> queued = waiting.remove(segment);
        if (queued != null) {
            queued.forEach(Runnable::run);
        }
    }

    /** How often at most a primary tells its other owners which keys the backup sites acknowledged. */
    private static final long ACKNOWLEDGED_EVERY_NANOS = 250_000_000L;
    /** Bytes of acknowledged keys told at once, whatever the time: the message stays well below a member's limit. */
    private static final long ACKNOWLEDGED_AT_ONCE_BYTES = 256 * 1024;

    /** The result of a merge from another site: nobody's client waits for it. */
    private static final WriteResult MERGED = new WriteResult(true, java.util.Optional.empty(), 0);
    /** The result of a {@link GridMessage.PutAll}: every key stored. */
    static final WriteResult STORED = new WriteResult(true, java.util.Optional.empty(), 0);

    private static Answer clusterDown() {
        return new Answer.Failed(GridException.Reason.CLUSTER_DOWN,
                "this member's side holds no majority of the site; no reads or writes until it rejoins");
    }

    private void updateMeters() {
        long values = 0;
        long bytes = 0;
        for (SegmentStore store : stores) {
            if (store != null) {
                values += store.values();
                bytes += store.bytes();
            }
        }
        meters.entries.set(values);
        meters.memoryBytes.set(bytes);
        meters.keys.set(primaryValues());
        meters.segmentsToFetch.set(fetcher.pending());
    }

    /** Fetch requests go to the sources in the current view; chunks merge into (or replace) the segment. */
    private final class FetchSink implements SegmentFetcher.Sink {
        @Override
        public CompletableFuture<GridMessage.Reply> ask(UuidAddress source, int segment, long position) {
            ViewStamp in = view;
            return messenger.request(source, id -> new GridMessage.Fetch(id, config.name(), in, segment, position),
                    settings.requestTimeout());
        }

        @Override
        public void take(SegmentFetcher.Task task, long position, GridMessage.FetchReply chunk) {
            SegmentStore store = storeOf(task.segment());
            if (task.authoritative()) {
                store.replaceRange(position, chunk.nextPosition(), chunk.entries());
            } else {
                chunk.entries().forEach(e -> store.merge(e.getKey(), e.getValue()));
            }
            chunk.entries().forEach(e -> clock.observe(e.getValue().timestamp()));
            chunk.recentWrites().forEach((id, result) -> {
                if (store.recentWrite(id) == null) {
                    store.rememberWrite(id, result);
                }
            });
            meters.entriesFetched.increment(chunk.entries().size());
        }
    }
}
