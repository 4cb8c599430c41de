package io.xsite.grid;

import java.util.Optional;
import java.util.Set;

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

    /** Stops serving; the other members take over this member's segments. */
    @Override
    void close();
}
