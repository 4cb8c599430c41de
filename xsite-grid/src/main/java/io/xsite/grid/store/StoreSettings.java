package io.xsite.grid.store;

import java.time.Duration;

/**
 * The store's timings and transfer sizes; {@link #DEFAULTS} is the only place their defaults are written.
 *
 * @param operationTimeout  how long a client operation may take, retries at new primaries included, before
 *                          it fails with UNAVAILABLE
 * @param requestTimeout    how long one request to another member waits for its answer: a safety net only, since
 *                          reliable delivery brings request and answer while both members stay in the view, and
 *                          a request sent again on a busy site only adds to its load
 * @param retryDelay        the pause before an operation is retried at the primary of a newer view
 * @param chunkEntries      most entries in one chunk of a segment transfer
 * @param chunkBytes        about the most bytes in one chunk (a chunk is one member message, 1 MiB at most)
 * @param fetchParallelism  segments a new owner fetches at once (bounds the heap a rebalance takes)
 * @param sweepInterval     how often expired entries are removed (reads skip them at once)
 * @param tombstoneLifetime how long a removal's tombstone outlives it in a settled segment (and every backup site
 *                          acknowledged it)
 * @param backupInterval    how often a primary sends each backup site the keys it owes it (at most one batch per
 *                          site on its way at a time): the least lag of an asynchronous backup
 */
record StoreSettings(Duration operationTimeout, Duration requestTimeout, Duration retryDelay, int chunkEntries,
                     int chunkBytes, int fetchParallelism, Duration sweepInterval, Duration tombstoneLifetime,
                     Duration backupInterval) {

    static final StoreSettings DEFAULTS = new StoreSettings(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofMillis(25), 1000, 512 * 1024, 8, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofMillis(10));

    StoreSettings {
        if (chunkEntries < 1 || chunkBytes < 1 || fetchParallelism < 1) {
            throw new IllegalArgumentException("chunk sizes and fetch parallelism must be positive");
        }
    }
}
