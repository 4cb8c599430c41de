package io.xsite.grid;

import java.net.InetSocketAddress;
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

    /**
     * Tells the other members where this member's RESP server takes clients, so that cluster-aware clients are
     * sent there ({@link #topology}). A wildcard host stands for the member's own host.
     */
    void advertise(InetSocketAddress resp);

    /**
     * Where {@code cache}'s keys live as cluster-aware clients see it, from this member's view; empty for a
     * cache the grid does not have, or before {@link #advertise}.
     */
    Optional<ClientTopology> topology(String cache);

    /** Stops serving; the other members take over this member's segments. */
    @Override
    void close();
}
