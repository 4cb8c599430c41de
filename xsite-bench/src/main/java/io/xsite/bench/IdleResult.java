package io.xsite.bench;

import java.util.Objects;

/**
 * A router's memory with many idle, registered clients, against the same router with none.
 *
 * @param router       the router
 * @param clients      connected and registered clients
 * @param baselineHeap heap in use after a full GC before any client connected, bytes
 * @param baselineRss  resident set size before any client connected, bytes
 * @param heap         heap in use after a full GC with every client registered, bytes
 * @param rss          resident set size with every client registered, bytes
 */
public record IdleResult(RouterKind router, int clients, long baselineHeap, long baselineRss, long heap, long rss) {
    private static final double MB = 1 << 20;

    public IdleResult {
        Objects.requireNonNull(router, "router");
        if (clients < 1 || baselineHeap < 0 || baselineRss < 0 || heap < 0 || rss < 0) {
            throw new IllegalArgumentException("clients must be positive and sizes not negative");
        }
    }

    /** Heap in use with every client registered, MiB. */
    public double heapMb() {
        return heap / MB;
    }

    /** Resident set size with every client registered, MiB. */
    public double rssMb() {
        return rss / MB;
    }

    /** Heap the clients added, bytes per client. */
    public double heapBytesPerClient() {
        return (double) (heap - baselineHeap) / clients;
    }

    /** Resident memory the clients added, bytes per client. */
    public double rssBytesPerClient() {
        return (double) (rss - baselineRss) / clients;
    }
}
