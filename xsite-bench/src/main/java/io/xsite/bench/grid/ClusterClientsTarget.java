package io.xsite.bench.grid;

import java.net.InetSocketAddress;

/**
 * The same xsite site as {@link XsiteSiteTarget}, with redis-benchmark in cluster mode ({@code --cluster}): it
 * reads the slots from the first member's {@code CLUSTER NODES}, spreads its clients over the members, and each
 * client sends keys with a hash tag of a slot its member is primary of, so nothing is forwarded between members.
 * Closing it leaves the site to its own target.
 */
final class ClusterClientsTarget implements GridTarget {
    static final String NAME = "xsite --cluster";

    private final XsiteSiteTarget site;

    ClusterClientsTarget(XsiteSiteTarget site) {
        this.site = site;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InetSocketAddress resp() {
        return site.resp();
    }

    @Override
    public int copies() {
        return site.copies();
    }

    @Override
    public boolean clusterClients() {
        return true;
    }

    @Override
    public MemorySample memory() throws Exception {
        return site.memory();
    }

    @Override
    public void close() {
    }
}
