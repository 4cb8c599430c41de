package io.xsite.bench;

import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.io.InputStream;

/**
 * The child-JVM main that runs the xsite router for the benchmark: starts it on the given bind
 * address and port (0 = ephemeral) with every other setting at its default, prints
 * {@code READY <port>} and runs until its stdin reaches end of file, which is how
 * {@link RouterProcess} stops it.
 */
public final class XsiteRouterProcess {
    private XsiteRouterProcess() {
    }

    /**
     * Runs the router.
     *
     * @param args bind address and port
     * @throws IOException if stdin fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: XsiteRouterProcess <bind-address> <port>");
            System.exit(2);
        }
        // Production defaults; admin port 0 (ephemeral), so that parallel runs never collide.
        RouterConfig config = RouterConfig.DEFAULTS.withBindAddress(args[0]).withPorts(Integer.parseInt(args[1]), 0);
        try (GossipRouter router = GossipRouter.start(config)) {
            System.out.println("READY " + router.address().getPort());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Nothing is expected on stdin; only its end matters.
            }
        }
    }
}
