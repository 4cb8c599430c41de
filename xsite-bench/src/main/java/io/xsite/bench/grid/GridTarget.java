package io.xsite.bench.grid;

import java.net.InetSocketAddress;

/**
 * A system redis-benchmark runs against: redis-server, or an xsite site through one of its members, or the same
 * site with redis-benchmark as a cluster client.
 */
interface GridTarget extends AutoCloseable {
    /** How the report names it. */
    String name();

    /** The RESP address the load goes to. */
    InetSocketAddress resp();

    /** Whether redis-benchmark runs as a cluster client ({@code --cluster}) against it. */
    default boolean clusterClients() {
        return false;
    }

    /** How many copies of each entry it keeps (redis-server 1, xsite its cache's owners). */
    int copies();

    /** Its memory now, the way it is measured for this system. */
    MemorySample memory() throws Exception;

    /** Stops it; does not throw. */
    @Override
    void close();
}
