package io.xsite.grid.store;

import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.GridStatus;
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
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Set<String> sites;

    /** One backup site: its settings, its meters and what is on its way to it. */
    private static final class Target {
        final BackupConfig backup;
        final GridMetrics.BackupMeters meters;
        final Set<StoredKey> inFlight = new HashSet<>();
        boolean batchInFlight;
        long failuresInRow;
        /** No batch before this ({@link System#nanoTime}); set after a failure. */
        long nextBatchNanos = System.nanoTime();
        long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;

        Target(BackupConfig backup, GridMetrics.BackupMeters meters) {
            this.backup = backup;
            this.meters = meters;
        }
    }

    /** @param exchange the link to the other sites; null when this member has none (nothing is sent) */
    SiteBackups(CacheConfig config, String logName, SiteExchange exchange, GridMetrics metrics,
                LongSupplier wallMillis) {
        this.config = config;
        this.logName = logName;
        this.exchange = exchange;
        this.wallMillis = wallMillis;
        for (BackupConfig backup : config.backups()) {
            targets.put(backup.site(), new Target(backup, metrics.backup(config.name(), backup.site())));
        }
        this.sites = new TreeSet<>(targets.keySet());
    }

    /** Whether the cache has backup sites: its entries then carry {@link SiteStamps}. */
    boolean any() {
        return !targets.isEmpty();
    }

    /** Every backup site: what a new write owes. */
    Set<String> sites() {
        return sites;
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
     * Sends a write's entry to every synchronous site at once; {@code done} gets, once all answered, the failure
     * the client must see ({@link BackupConfig.FailurePolicy#FAIL}), or nothing.
     */
    void sendSync(CacheReplica replica, StoredKey key, StoredEntry entry, Consumer<Optional<String>> done) {
        List<Target> sync = targets.values().stream().filter(t -> t.backup.sync()).toList();
        if (sync.isEmpty() || exchange == null) {
            done.accept(Optional.empty());
            return;
        }
        int[] left = {sync.size()};
        List<String> failed = new ArrayList<>();
        for (Target target : sync) {
            target.inFlight.add(key);
            target.meters.sent.increment();
            exchange.backup(target.backup.site(), config.name(), List.of(Map.entry(key, entry)), target.backup.timeout())
                    .thenAccept(applied -> {
                        target.inFlight.remove(key);
                        if (applied) {
                            succeeded(target);
                            replica.acknowledge(target.backup.site(), List.of(Map.entry(key, entry.version())));
                        } else {
                            failed(target, 1);
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

    /** Sends each site that has no batch on its way the owed keys of the segments {@code replica} serves. */
    void tick(CacheReplica replica) {
        if (exchange == null) {
            return;
        }
        for (Target target : targets.values()) {
            if (!target.batchInFlight && System.nanoTime() - target.nextBatchNanos >= 0) {
                sendBatch(replica, target);
            }
        }
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
        target.failuresInRow++;
        target.meters.failures.increment();
        long now = System.nanoTime();
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
                t.meters.oldestPendingMillis.get(), t.failuresInRow)).toList();
    }
}
