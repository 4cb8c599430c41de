package io.xsite.grid.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The grid's meters, all named {@code xsite_grid_...}. Values the grid thread owns are mirrored into atomics
 * that the scrape reads; operation timers are recorded where operations complete.
 */
final class GridMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger writable = new AtomicInteger();
    private final Map<OperationTags, Timer> operations = new ConcurrentHashMap<>();

    GridMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("xsite_grid_writable", writable, AtomicInteger::get)
                .description("1 while this member's side accepts writes, 0 on a minority side").register(registry);
    }

    void writable(boolean value) {
        writable.set(value ? 1 : 0);
    }

    /** Records one client operation: {@code operation} get, put, remove, increment, expire, size or scan. */
    void operation(String cache, String operation, String outcome, long nanos) {
        // Looked up in a map of our own: building and registering the timer per operation (tags sorted, its id
        // looked up in the registry) took about 3% of the grid thread's time under load.
        OperationTags tags = new OperationTags(cache, operation, outcome);
        Timer timer = operations.get(tags);
        if (timer == null) {
            timer = operations.computeIfAbsent(tags, t -> Timer.builder("xsite_grid_operations")
                    .description("client operations at the member that accepted them")
                    .tags("cache", t.cache(), "operation", t.operation(), "outcome", t.outcome())
                    .publishPercentiles(0.5, 0.99).register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private record OperationTags(String cache, String operation, String outcome) {
    }

    CacheMeters cache(String cache) {
        return new CacheMeters(registry, cache);
    }

    BackupMeters backup(String cache, String site) {
        return new BackupMeters(registry, cache, site);
    }

    /**
     * One cache's meters for one backup site: the RPO (grid.md, "Honest RPO": what losing this site now loses at
     * most, counted in the segments this member is primary of, so the site's sum is the cache's), what was sent
     * and what failed, and conflicts with writes of that site.
     */
    static final class BackupMeters {
        final AtomicLong pendingKeys = new AtomicLong();
        final AtomicLong oldestPendingMillis = new AtomicLong();
        final Counter sent;
        final Counter failures;
        final Counter conflicts;
        final AtomicInteger online = new AtomicInteger(1);
        final Counter pushed;

        private BackupMeters(MeterRegistry registry, String cache, String site) {
            Gauge.builder("xsite_grid_backup_pending_keys", pendingKeys, AtomicLong::get).tags("cache", cache,
                    "site", site).description("keys changed here that the backup site has not acknowledged")
                    .register(registry);
            Gauge.builder("xsite_grid_backup_oldest_pending_seconds", oldestPendingMillis, v -> v.get() / 1000.0)
                    .tags("cache", cache, "site", site).baseUnit("seconds")
                    .description("age of the oldest change the backup site has not acknowledged").register(registry);
            sent = Counter.builder("xsite_grid_backup_entries_sent").tags("cache", cache, "site", site)
                    .description("entries sent to the backup site").register(registry);
            failures = Counter.builder("xsite_grid_backup_failures").tags("cache", cache, "site", site)
                    .description("backup requests the site did not acknowledge in time").register(registry);
            conflicts = Counter.builder("xsite_grid_conflicts").tags("cache", cache, "site", site)
                    .description("writes of that site that were concurrent with a write here").register(registry);
            Gauge.builder("xsite_grid_backup_online", online, AtomicInteger::get).tags("cache", cache, "site", site)
                    .description("1 while writes are backed up to the site, 0 while it is offline").register(registry);
            pushed = Counter.builder("xsite_grid_state_transfer_entries").tags("cache", cache, "site", site)
                    .description("entries a state transfer sent the site, and it applied").register(registry);
        }
    }

    /** One cache's meters. */
    static final class CacheMeters {
        final AtomicLong keys = new AtomicLong();
        final AtomicLong entries = new AtomicLong();
        final AtomicLong memoryBytes = new AtomicLong();
        final AtomicInteger segmentsToFetch = new AtomicInteger();
        final AtomicInteger segmentsWithoutOwners = new AtomicInteger();
        final Counter entriesFetched;
        final Counter segmentsFetched;
        final Counter segmentsLost;

        private CacheMeters(MeterRegistry registry, String cache) {
            Gauge.builder("xsite_grid_keys", keys, AtomicLong::get).tag("cache", cache)
                    .description("values in the segments this member is primary of").register(registry);
            Gauge.builder("xsite_grid_entries", entries, AtomicLong::get).tag("cache", cache)
                    .description("values this member holds, as primary or backup").register(registry);
            Gauge.builder("xsite_grid_memory_bytes", memoryBytes, AtomicLong::get).tag("cache", cache)
                    .description("estimated heap of this member's entries").baseUnit("bytes").register(registry);
            Gauge.builder("xsite_grid_rebalance_segments_pending", segmentsToFetch, AtomicInteger::get)
                    .tag("cache", cache).description("segments this member still fetches").register(registry);
            Gauge.builder("xsite_grid_segments_without_owners", segmentsWithoutOwners, AtomicInteger::get)
                    .tag("cache", cache).description("segments whose every owner left at the last view change")
                    .register(registry);
            entriesFetched = Counter.builder("xsite_grid_rebalance_entries").tag("cache", cache)
                    .description("entries received in segment transfers").register(registry);
            segmentsFetched = Counter.builder("xsite_grid_rebalance_segments").tag("cache", cache)
                    .description("segments brought in by transfers").register(registry);
            segmentsLost = Counter.builder("xsite_grid_segments_lost").tag("cache", cache)
                    .description("segments found without any owner after a view change").register(registry);
        }
    }
}
