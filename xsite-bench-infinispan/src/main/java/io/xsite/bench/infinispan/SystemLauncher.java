package io.xsite.bench.infinispan;

import java.util.List;

/** How one system's processes are started: what runs a router, and how a site's members are started. */
interface SystemLauncher {
    /** xsite or infinispan. */
    String system();

    /** The command of a router listening on loopback {@code port}. */
    List<String> routerCommand(int port, ChildSettings settings);

    /**
     * Starts {@code size} members of {@code site}, bridged through the routers at {@code routerPorts}, adds
     * them to {@code deployment} and returns once each of them serves RESP in a complete site.
     */
    void startSite(Deployment deployment, String site, int size, List<Integer> routerPorts, ChildSettings settings)
            throws InterruptedException;
}
