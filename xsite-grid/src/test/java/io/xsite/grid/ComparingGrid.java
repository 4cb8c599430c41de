package io.xsite.grid;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A grid's caches (an {@link InMemoryGrid}, say) with verify and repair that answer as told, for the routes and
 * the command line: it records each call as {@code "verify SITE CACHE"} or {@code "repair SITE CACHE"}.
 */
public final class ComparingGrid implements Grid {
    private final Grid caches;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final SiteComparison verified;
    private final SiteRepair repaired;
    private volatile GridException failure;

    /** The caches of {@code caches}; verify answers {@code verified}, repair {@code repaired}. */
    public ComparingGrid(Grid caches, SiteComparison verified, SiteRepair repaired) {
        this.caches = caches;
        this.verified = verified;
        this.repaired = repaired;
    }

    /** From now on verify and repair fail with {@code failure}. */
    public void failWith(GridException failure) {
        this.failure = failure;
    }

    /** The calls so far, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public Optional<GridCache> cache(String name) {
        return caches.cache(name);
    }

    @Override
    public Set<String> cacheNames() {
        return caches.cacheNames();
    }

    @Override
    public GridStatus status() {
        return caches.status();
    }

    @Override
    public void advertise(InetSocketAddress resp) {
        caches.advertise(resp);
    }

    @Override
    public Optional<ClientTopology> topology(String cache) {
        return caches.topology(cache);
    }

    @Override
    public CompletableFuture<String> changeBackup(String cache, String site, BackupAction action) {
        return caches.changeBackup(cache, site, action);
    }

    @Override
    public CompletableFuture<SiteComparison> verify(String site, String cache) {
        calls.add("verify " + site + " " + cache);
        return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(verified);
    }

    @Override
    public CompletableFuture<SiteRepair> repair(String site, String cache) {
        calls.add("repair " + site + " " + cache);
        return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(repaired);
    }

    @Override
    public void close() {
        caches.close();
    }
}
