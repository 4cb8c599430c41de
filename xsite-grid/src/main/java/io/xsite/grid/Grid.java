package io.xsite.grid;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The grid as a member of a site serves it: named caches of byte-string keys and values, replicated
 * to their owners in the site. Every member serves every cache; a request for a key another member
 * owns is forwarded to that key's primary.
 */
public interface Grid extends AutoCloseable {

    /** The cache named {@code name}, if the grid's configuration defines it. */
    Optional<GridCache> cache(String name);

    /** The names of every configured cache. */
    Set<String> cacheNames();

    /** A snapshot of this member's view of the grid: caches, sizes, segment owners, rebalance. */
    GridStatus status();

    /**
     * Applies {@code action} to backup site {@code site} of {@code cache} on every member of this site (grid.md,
     * "Offline and back"). Completes with one line per member saying what it did, or fails with a
     * {@link GridException} of reason BAD_REQUEST when the cache has no such backup site.
     */
    CompletableFuture<String> changeBackup(String cache, String site, BackupAction action);

    /** Stops serving; the other members take over this member's segments. */
    @Override
    void close();
}
