package io.xsite.cli;

import java.net.InetSocketAddress;
import org.jgroups.stack.GossipRouter;
import org.jgroups.stack.IpAddress;

/** A real JGroups 5.5 GossipRouter on an ephemeral loopback port, to compare xsite's router with. */
final class JGroupsGossipRouter implements AutoCloseable {
    private final GossipRouter router;

    private JGroupsGossipRouter(GossipRouter router) {
        this.router = router;
    }

    /** Starts a router on 127.0.0.1 and a free port. */
    static JGroupsGossipRouter start() throws Exception {
        return new JGroupsGossipRouter(new GossipRouter("127.0.0.1", 0).start());
    }

    /** Where clients connect. */
    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", ((IpAddress) router.localAddress()).getPort());
    }

    @Override
    public void close() {
        router.stop();
    }
}
