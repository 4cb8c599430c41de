package io.xsite.grid;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
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
     * Tells the other members where this member's RESP server takes clients, so that cluster-aware clients are
     * sent there ({@link #topology}). A wildcard host stands for the member's own host.
     */
    void advertise(InetSocketAddress resp);

    /**
     * Where {@code cache}'s keys live as cluster-aware clients see it, from this member's view; empty for a
     * cache the grid does not have, or before {@link #advertise}.
     */
    Optional<ClientTopology> topology(String cache);

    /**
     * The event loop of the thread that owns the grid's state, where a client server should serve its
     * connections: a request read there reaches the grid, and its reply goes out, without a hand-over between
     * threads. Empty for a grid that has none (client servers then use loops of their own).
     */
    default Optional<EventLoop> clientLoop() {
        return Optional.empty();
    }

    /**
     * Compares this site's contents of {@code cache} with {@code site}'s, segment by segment (verify). Fails with
     * a {@link GridException}: {@code BAD_REQUEST} for an unknown cache or a grid that reaches no other site,
     * {@code UNAVAILABLE} when a site cannot vouch for every segment in time (down, or rebalancing).
     */
    default CompletableFuture<SiteComparison> verify(String site, String cache) {
        return CompletableFuture.failedFuture(new GridException(GridException.Reason.BAD_REQUEST,
                "this grid reaches no other site"));
    }

    /**
     * Makes {@code site} and this site hold the same contents of {@code cache}: the segments that differ are sent
     * both ways and merged by the cache's conflict policy, then the sites are compared again. Fails as
     * {@link #verify} does, and with {@code BAD_REQUEST} for a cache without backup sites (its entries carry no
     * version vectors to merge by).
     */
    default CompletableFuture<SiteRepair> repair(String site, String cache) {
        return CompletableFuture.failedFuture(new GridException(GridException.Reason.BAD_REQUEST,
                "this grid reaches no other site"));
    }

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
