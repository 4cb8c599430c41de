package io.xsite.core.internal.tunnel;

import java.net.InetSocketAddress;
import org.jgroups.stack.GossipRouter;
import org.jgroups.stack.IpAddress;

/**
 * A real JGroups 5.5 GossipRouter on loopback, the server these tests talk to (the xsite router is a
 * separate module). Started on an ephemeral port; {@link #restart} brings it back on the same port.
 */
final class JGroupsRouter implements AutoCloseable {
    private GossipRouter router;
    private final int port;

    private JGroupsRouter(GossipRouter router) {
        this.router = router;
        this.port = ((IpAddress) router.localAddress()).getPort();
    }

    /** A router on an ephemeral loopback port. */
    static JGroupsRouter start() throws Exception {
        return new JGroupsRouter(new GossipRouter("127.0.0.1", 0).start());
    }

    /** Where clients connect. */
    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Stops the router: every client connection is closed and all registrations are lost. */
    void stop() {
        router.stop();
    }

    /** Starts a fresh router (no registrations) on the same port. */
    void restart() throws Exception {
        router = new GossipRouter("127.0.0.1", port).start();
    }

    @Override
    public void close() {
        router.stop();
    }
}
