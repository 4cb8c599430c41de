package io.xsite.relay;

import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two real gossip routers on loopback for each test, and the sites a test starts over them: register with
 * {@code @RegisterExtension}. After the test the sites close first, then whichever router is still open, so a
 * test may close a router (or both) and start them again where they were.
 */
final class TwoRouters implements BeforeEachCallback, AfterEachCallback {
    private GossipRouter a;
    private GossipRouter b;
    private int portA;
    private int portB;
    private RelaySites sites;

    @Override
    public void beforeEach(ExtensionContext context) {
        a = GossipRouter.start(RouterConfig.loopback());
        b = GossipRouter.start(RouterConfig.loopback());
        portA = a.address().getPort();
        portB = b.address().getPort();
        sites = new RelaySites();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sites.close();
        closeA();
        closeB();
    }

    /** The sites of this test. */
    RelaySites sites() {
        return sites;
    }

    /** Both routers' addresses, as a member dials them. */
    List<InetSocketAddress> addresses() {
        return List.of(a.address(), b.address());
    }

    /** The bridge named {@code name} through both routers. */
    BridgeConfig bridge(String name) {
        return new BridgeConfig(name, addresses());
    }

    /** Closes the first router, as a crash of its host would, if it is open. */
    void closeA() {
        if (a != null) {
            a.close();
            a = null;
        }
    }

    /** Closes the second router if it is open. */
    void closeB() {
        if (b != null) {
            b.close();
            b = null;
        }
    }

    /** Starts the closed routers again on the ports they had first: members reconnect to the same places. */
    void reopen() {
        if (a == null) {
            a = GossipRouter.start(RouterConfig.loopback().withPorts(portA, 0));
        }
        if (b == null) {
            b = GossipRouter.start(RouterConfig.loopback().withPorts(portB, 0));
        }
    }
}
