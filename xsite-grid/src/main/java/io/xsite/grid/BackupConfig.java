package io.xsite.grid;

import java.time.Duration;
import java.util.Objects;

/**
 * One backup site of a cache (grid.md, "Between sites"): where the cache's writes are copied and how.
 *
 * @param site          the backup site's name
 * @param strategy      sync: the client's write is acknowledged once the backup site applied it; async: sent
 *                      in the background, in batches of the keys changed since the site acknowledged them
 * @param timeout       how long one backup request to the site waits for its answer
 * @param failurePolicy sync only: what a failed backup request does to the client's write
 * @param takeOffline   when to stop backing up to a site that keeps failing
 */
public record BackupConfig(String site, Strategy strategy, Duration timeout, FailurePolicy failurePolicy,
                           TakeOffline takeOffline) {

    /** The defaults of everything but site and strategy: 10 s, {@link FailurePolicy#WARN}, never offline. */
    public static final BackupConfig DEFAULTS = new BackupConfig("-", Strategy.ASYNC, Duration.ofSeconds(10),
            FailurePolicy.WARN, TakeOffline.NEVER);

    /** How writes reach a backup site. */
    public enum Strategy {
        /** The primary acknowledges a write once the backup site applied it (RPO 0). */
        SYNC,
        /** The primary's owners keep the changed keys and send their current values in batches. */
        ASYNC
    }

    /** What a failed synchronous backup does to the client's write (which is applied in its own site). */
    public enum FailurePolicy {
        /** The client's write fails (it stays applied locally and is sent to the site later). */
        FAIL,
        /** The client's write succeeds, a warning is logged, and the key is sent to the site later. */
        WARN,
        /** As {@link #WARN}, without the warning. */
        IGNORE
    }

    /**
     * When a backup site is taken offline: after {@code afterFailures} failed requests in a row, once the
     * first of them is at least {@code minWait} old (both conditions; {@code afterFailures} 0 never). An
     * operator takes a site offline by hand as well. While it is offline, each member keeps tracking the keys
     * changed for it, up to {@code maxTrackedKeys} in the segments it is primary of; past that the whole site
     * stops tracking and the site needs a full state transfer when it is brought online.
     */
    public record TakeOffline(int afterFailures, Duration minWait, long maxTrackedKeys) {
        /** Keys tracked for an offline site per member unless configured otherwise. */
        public static final long DEFAULT_MAX_TRACKED_KEYS = 100_000;
        /** Never taken offline by the policy. */
        public static final TakeOffline NEVER = new TakeOffline(0, Duration.ZERO);

        public TakeOffline {
            Objects.requireNonNull(minWait, "minWait");
            if (afterFailures < 0 || minWait.isNegative() || maxTrackedKeys < 0) {
                throw new IllegalArgumentException("take-offline needs a count, a wait and a tracking bound of at "
                        + "least 0: " + afterFailures + ", " + minWait + ", " + maxTrackedKeys);
            }
        }

        /** After {@code afterFailures} failures over {@code minWait}, tracking up to the default bound. */
        public TakeOffline(int afterFailures, Duration minWait) {
            this(afterFailures, minWait, DEFAULT_MAX_TRACKED_KEYS);
        }

        /** Whether {@code failuresInRow} failures, the first {@code sinceFirst} ago, take the site offline. */
        public boolean reached(long failuresInRow, Duration sinceFirst) {
            return afterFailures > 0 && failuresInRow >= afterFailures && sinceFirst.compareTo(minWait) >= 0;
        }
    }

    /** Checks the settings. */
    public BackupConfig {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(takeOffline, "takeOffline");
        if (site.isEmpty() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a backup needs a site and a positive timeout: " + site + ", " + timeout);
        }
    }

    /** A backup to {@code site} with {@code strategy} and the {@link #DEFAULTS} for the rest. */
    public static BackupConfig to(String site, Strategy strategy) {
        return new BackupConfig(site, strategy, DEFAULTS.timeout, DEFAULTS.failurePolicy, DEFAULTS.takeOffline);
    }

    /** Whether the client's write waits for this site. */
    public boolean sync() {
        return strategy == Strategy.SYNC;
    }
}
