package io.xsite.grid.store;

import io.xsite.grid.BackupAction;
import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.GridStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache's backups to other sites on one member (grid.md, "Between sites"). Confined to the grid thread.
 *
 * <p>Every entry written in a cache with backups owes itself to every backup site ({@link SiteStamps#owed});
 * the mark travels with the entry to the other owners and in transfers, so whoever is the key's primary
 * later still sends it. The primary sends a synchronous site each write as it happens ({@link #sendSync}) and,
 * for every site, {@link #tick} batches the owed keys of its ready segments that are not on their way already
 * and sends their current values (a key written a thousand times since the last batch goes once). An
 * acknowledged entry stops owing the site if it is still the same version ({@link CacheReplica#acknowledge}).
 *
 * <p>Offline and back (grid.md): a site is taken offline by its take-offline policy (on this member, after
 * failures of this member's requests) or by an operator ({@link #control}, on every member). Offline, nothing is
 * sent to it and sync writes do not wait for it, but new writes still owe it: the owed keys are the tracking,
 * bounded by {@link BackupConfig.TakeOffline#maxTrackedKeys()} in the segments this member is primary of. Past
 * the bound every member of the site stops tracking it (the marks are dropped) and it needs a state transfer.
 * Brought online, it catches up from the owed keys, or gets a {@link StatePush} when tracking was dropped.
 */
final class SiteBackups {
    private static final Logger log = LoggerFactory.getLogger(SiteBackups.class);
    /** Most entries in one batch to a site; about {@link #BATCH_BYTES} at most as well. */
    static final int BATCH_ENTRIES = 1000;
    static final int BATCH_BYTES = 512 * 1024;
    /** Least time between warnings about one site. */
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;
    /**
     * The pause after a batch a backup site did not apply doubles with each failure in a row, from 20 ms up to
     * this: a site that refuses (its minority side, say) answers at once, and resending at every tick would
     * only load both sites.
     */
    private static final long MAX_BACKOFF_NANOS = 5_000_000_000L;
    private static final long FIRST_BACKOFF_NANOS = 20_000_000L;

    private final CacheConfig config;
    private final String logName;
    private final SiteExchange exchange;
    private final LongSupplier wallMillis;
    private final Consumer<String> trackingDropped;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    /** The sites whose changed keys are tracked: what a new write owes. */
    private Set<String> tracked;

    /** How this member treats a backup site. */
    enum Mode {
        /** Backed up to. */
        ONLINE("online"),
        /** Nothing is sent; changed keys are tracked up to the bound. */
        OFFLINE("offline"),
        /** Brought online: sending the keys it missed, backed up to as online meanwhile. */
        CATCHING_UP("catching-up"),
        /** A state transfer is on its way, backed up to as online meanwhile. */
        PUSHING("pushing");

        private final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** One backup site: its settings, its meters, its mode and what is on its way to it. */
    private static final class Target {
        final BackupConfig backup;
        final GridMetrics.BackupMeters meters;
        final Set<StoredKey> inFlight = new HashSet<>();
        boolean batchInFlight;
        long failuresInRow;
        long firstFailureNanos;
        /** No batch or push chunk before this ({@link System#nanoTime}); set after a failure. */
        long nextBatchNanos = System.nanoTime();
        long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;
        Mode mode = Mode.ONLINE;
        /** Whether new writes owe the site. */
        boolean tracking = true;
        /** Whether the site missed writes that are not owed (tracking dropped, or a push cut short). */
        boolean needsTransfer;
        /** The running state transfer, or the latest one; null before the first. */
        StatePush push;

        Target(BackupConfig backup, GridMetrics.BackupMeters meters) {
            this.backup = backup;
            this.meters = meters;
        }

        String site() {
            return backup.site();
        }

        void switchTo(Mode next) {
            mode = next;
            meters.online.set(next == Mode.OFFLINE ? 0 : 1);
        }
    }

    /**
     * @param exchange        the link to the other sites; null when this member has none (nothing is sent)
     * @param trackingDropped told the site whose tracking this member dropped (past the bound), so that every
     *                        member of the site drops it
     */
    SiteBackups(CacheConfig config, String logName, SiteExchange exchange, GridMetrics metrics,
                LongSupplier wallMillis, Consumer<String> trackingDropped) {
        this.config = config;
        this.logName = logName;
        this.exchange = exchange;
        this.wallMillis = wallMillis;
        this.trackingDropped = trackingDropped;
        for (BackupConfig backup : config.backups()) {
            targets.put(backup.site(), new Target(backup, metrics.backup(config.name(), backup.site())));
        }
        this.tracked = new TreeSet<>(targets.keySet());
    }

    /** Whether the cache has backup sites: its entries then carry {@link SiteStamps}. */
    boolean any() {
        return !targets.isEmpty();
    }

    /** The backup sites a new write owes: every one, but those whose tracking was dropped. */
    Set<String> sites() {
        return tracked;
    }

    /** Whether this member can reach other sites at all. */
    boolean linked() {
        return exchange != null;
    }

    /** This member's site; null without a link. */
    String localSite() {
        return exchange == null ? null : exchange.site();
    }

    /**
     * Sends a write's entries (one key's, or those of a {@link GridMessage.PutAll}) to every synchronous site that
     * is not offline, as one backup request each; {@code done} gets, once all answered, the failure the client
     * must see ({@link BackupConfig.FailurePolicy#FAIL}), or nothing (at once when there is no such site: an
     * offline one gets the keys when it is brought online).
     */
    void sendSync(CacheReplica replica, List<Map.Entry<StoredKey, StoredEntry>> entries,
                  Consumer<Optional<String>> done) {
        List<Target> sync = targets.values().stream().filter(t -> t.backup.sync() && t.mode != Mode.OFFLINE).toList();
        if (sync.isEmpty() || exchange == null) {
            done.accept(Optional.empty());
            return;
        }
        int[] left = {sync.size()};
        List<String> failed = new ArrayList<>();
        List<Map.Entry<StoredKey, Long>> versions = entries.stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().version())).toList();
        for (Target target : sync) {
            entries.forEach(e -> target.inFlight.add(e.getKey()));
            target.meters.sent.increment(entries.size());
            exchange.backup(target.backup.site(), config.name(), entries, target.backup.timeout())
                    .thenAccept(applied -> {
                        entries.forEach(e -> target.inFlight.remove(e.getKey()));
                        if (applied) {
                            succeeded(target);
                            replica.acknowledge(target.backup.site(), versions);
                        } else {
                            failed(target, entries.size());
                            if (target.backup.failurePolicy() == BackupConfig.FailurePolicy.FAIL) {
                                failed.add(target.backup.site());
                            }
                        }
                        if (--left[0] == 0) {
                            done.accept(failed.isEmpty() ? Optional.empty() : Optional.of("backup site "
                                    + String.join(", ", failed) + " did not apply the write within its timeout "
                                    + "(the write stays applied here and is sent again)"));
                        }
                    });
        }
    }

    /**
     * Moves each site's mode on (tracking bound, catch-up done, push done) and sends each site that is not
     * offline and has no batch on its way the owed keys of the segments {@code replica} serves, and the next
     * chunk of its push.
     */
    void tick(CacheReplica replica) {
        if (exchange == null) {
            return;
        }
        for (Target target : targets.values()) {
            advance(replica, target);
            if (target.mode == Mode.OFFLINE || System.nanoTime() - target.nextBatchNanos < 0) {
                continue;
            }
            if (!target.batchInFlight) {
                sendBatch(replica, target);
            }
            if (target.mode == Mode.PUSHING) {
                pushNext(replica, target);
            }
        }
    }

    private void advance(CacheReplica replica, Target target) {
        // Checked at every tick, not only at failures: after a burst of them the backoff spaces the next out.
        Duration failing = Duration.ofNanos(System.nanoTime() - target.firstFailureNanos);
        if (target.mode != Mode.OFFLINE && target.backup.takeOffline().reached(target.failuresInRow, failing)) {
            takeOffline(target, "after " + target.failuresInRow + " failed requests in a row over "
                    + failing.toMillis() + " ms");
        }
        switch (target.mode) {
            case OFFLINE -> {
                long owed = target.tracking ? replica.owedByPrimary(target.site()) : 0;
                if (owed > target.backup.takeOffline().maxTrackedKeys()) {
                    log.warn("[{}] cache {}: {} keys changed for offline site {} here, past the tracking bound of {}; "
                            + "the site stops tracking them and needs a state transfer when brought online", logName,
                            config.name(), owed, target.site(), target.backup.takeOffline().maxTrackedKeys());
                    stopTracking(replica, target.site());
                    trackingDropped.accept(target.site());
                }
            }
            case PUSHING -> {
                if (target.push.done()) {
                    target.needsTransfer = false;
                    target.switchTo(Mode.CATCHING_UP);
                    log.info("[{}] cache {}: state transfer {} to {} done: {}{}", logName, config.name(),
                            target.push.pushId(), target.site(), target.push.progress(), target.push.skipped() == 0
                                    ? "" : " (" + target.push.skipped() + " segments moved to other primaries)");
                }
            }
            case CATCHING_UP -> {
                if (!target.batchInFlight && replica.owedByPrimary(target.site()) == 0) {
                    target.switchTo(Mode.ONLINE);
                    log.info("[{}] cache {}: backup site {} caught up; online", logName, config.name(), target.site());
                }
            }
            case ONLINE -> {
                // backed up to as usual
            }
        }
    }

    private void pushNext(CacheReplica replica, Target target) {
        target.push.sendNext(replica, target.site(), exchange, target.backup.timeout(), applied -> {
            if (applied) {
                succeeded(target);
            } else {
                failed(target, 1);
            }
        });
    }

    /**
     * An operator's {@code action} on backup site {@code site} (grid.md, "Offline and back"), on this member;
     * {@code pushId} names the state transfer it may start. Answers what it did, in a few words.
     */
    String control(CacheReplica replica, String site, BackupAction action, long pushId) {
        Target target = targets.get(site);
        String was = target.mode.label;
        switch (action) {
            case TAKE_OFFLINE -> {
                if (target.mode == Mode.OFFLINE) {
                    return "already offline";
                }
                takeOffline(target, "by hand");
            }
            case BRING_ONLINE -> {
                if (target.mode != Mode.OFFLINE) {
                    return "already " + was;
                }
                if (target.needsTransfer) {
                    startPush(replica, target, pushId);
                } else {
                    target.switchTo(Mode.CATCHING_UP);
                    restart(target);
                    log.info("[{}] cache {}: backup site {} brought online; catching up {} keys", logName,
                            config.name(), site, replica.owedByPrimary(site));
                }
            }
            case PUSH_STATE -> {
                if (target.mode == Mode.PUSHING && target.push.pushId() == pushId) {
                    return "already pushing";
                }
                startPush(replica, target, pushId);
            }
        }
        return target.mode == Mode.PUSHING ? "pushing " + target.push.progress().segments() + " segments (was " + was
                + ")" : target.mode.label + " (was " + was + "), " + replica.owedByPrimary(site) + " keys tracked";
    }

    /** Whether {@code site} is a backup site of this cache. */
    boolean has(String site) {
        return targets.containsKey(site);
    }

    /**
     * Stops tracking the keys changed for {@code site} (a member passed the bound): offline if it was not, the
     * marks dropped here, a state transfer due.
     */
    void stopTracking(CacheReplica replica, String site) {
        Target target = targets.get(site);
        if (target == null || !target.tracking) {
            return;
        }
        if (target.mode != Mode.OFFLINE) {
            takeOffline(target, "as another member passed the tracking bound");
        }
        target.tracking = false;
        target.needsTransfer = true;
        tracked = new TreeSet<>(tracked);
        tracked.remove(site);
        replica.forgetOwed(site);
    }

    private void takeOffline(Target target, String why) {
        target.switchTo(Mode.OFFLINE);
        if (target.push != null && !target.push.done()) {
            target.needsTransfer = true;
        }
        log.warn("[{}] cache {}: backup site {} taken offline {}: sync writes no longer wait for it; changed keys "
                + "are tracked up to {}", logName, config.name(), target.site(), why,
                target.backup.takeOffline().maxTrackedKeys());
    }

    private void startPush(CacheReplica replica, Target target, long pushId) {
        List<Integer> mine = new ArrayList<>();
        for (int segment = 0; segment < config.segments(); segment++) {
            if (replica.isPrimary(segment)) {
                mine.add(segment);
            }
        }
        if (!target.tracking) {
            target.tracking = true;
            tracked = new TreeSet<>(tracked);
            tracked.add(target.site());
        }
        target.push = new StatePush(pushId, mine, target.meters.pushed);
        target.switchTo(Mode.PUSHING);
        restart(target);
        log.info("[{}] cache {}: state transfer {} to {} begins: {} segments", logName, config.name(), pushId,
                target.site(), mine.size());
    }

    /** Sends at once, as if no request had failed. */
    private static void restart(Target target) {
        target.failuresInRow = 0;
        target.nextBatchNanos = System.nanoTime();
    }

    private void sendBatch(CacheReplica replica, Target target) {
        String site = target.backup.site();
        List<Map.Entry<StoredKey, StoredEntry>> batch = new ArrayList<>();
        long bytes = 0;
        for (int segment = 0; segment < config.segments() && batch.size() < BATCH_ENTRIES && bytes < BATCH_BYTES;
             segment++) {
            SegmentStore store = replica.servedStore(segment);
            if (store == null) {
                continue;
            }
            for (StoredKey key : store.owedTo(site)) {
                if (batch.size() >= BATCH_ENTRIES || bytes >= BATCH_BYTES) {
                    break;
                }
                if (!target.inFlight.contains(key)) {
                    StoredEntry entry = store.get(key);
                    batch.add(Map.entry(key, entry));
                    bytes += SegmentStore.wireSize(key, entry);
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        target.batchInFlight = true;
        batch.forEach(e -> target.inFlight.add(e.getKey()));
        target.meters.sent.increment(batch.size());
        exchange.backup(site, config.name(), batch, target.backup.timeout()).thenAccept(applied -> {
            target.batchInFlight = false;
            batch.forEach(e -> target.inFlight.remove(e.getKey()));
            if (applied) {
                succeeded(target);
                replica.acknowledge(site, batch.stream().map(e -> Map.entry(e.getKey(), e.getValue().version()))
                        .toList());
            } else {
                failed(target, batch.size());
            }
        });
    }

    private void succeeded(Target target) {
        if (target.failuresInRow > 0) {
            log.info("[{}] cache {}: backup site {} applies writes again", logName, config.name(),
                    target.backup.site());
        }
        target.failuresInRow = 0;
    }

    private void failed(Target target, int entries) {
        long now = System.nanoTime();
        if (target.failuresInRow++ == 0) {
            target.firstFailureNanos = now;
        }
        target.meters.failures.increment();
        long backoff = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(target.failuresInRow - 1, 20));
        target.nextBatchNanos = now + backoff;
        if (target.backup.failurePolicy() != BackupConfig.FailurePolicy.IGNORE
                && now - target.lastWarnNanos >= WARN_EVERY_NANOS) {
            target.lastWarnNanos = now;
            log.warn("[{}] cache {}: backup site {} did not apply {} entries (it refused them, or did not answer "
                    + "within {}; {} failures in a row); they are sent again in {} ms", logName, config.name(),
                    target.backup.site(), entries, target.backup.timeout(), target.failuresInRow, backoff / 1_000_000);
        }
    }

    /** A write of {@code site} that was concurrent with one here. */
    void conflictWith(String site) {
        Target target = targets.get(site);
        if (target != null) {
            target.meters.conflicts.increment();
        }
    }

    /** Updates the RPO meters from the owed keys of the segments this member is primary of. */
    void measure(CacheReplica replica) {
        long now = wallMillis.getAsLong();
        for (Target target : targets.values()) {
            long pending = 0;
            long oldest = now;
            for (int segment = 0; segment < config.segments(); segment++) {
                SegmentStore store = replica.primaryStore(segment);
                if (store == null) {
                    continue;
                }
                Set<StoredKey> owed = store.owedTo(target.backup.site());
                pending += owed.size();
                if (!owed.isEmpty()) {
                    oldest = Math.min(oldest, HybridClock.millisOf(store.get(owed.iterator().next()).timestamp()));
                }
            }
            target.meters.pendingKeys.set(pending);
            target.meters.oldestPendingMillis.set(Math.max(0, now - oldest));
        }
    }

    /** The status of each backup site, as measured last ({@link #measure}). */
    List<GridStatus.BackupStatus> status() {
        return targets.values().stream().map(t -> new GridStatus.BackupStatus(t.backup.site(),
                t.backup.strategy().name().toLowerCase(Locale.ROOT), t.meters.pendingKeys.get(),
                t.meters.oldestPendingMillis.get(), t.failuresInRow, t.mode.label, !t.needsTransfer,
                t.push == null ? null : t.push.progress())).toList();
    }
}
