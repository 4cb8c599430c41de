package io.xsite.bench;

import io.xsite.net.admin.AdminAccess;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TlsConfig;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * The child-JVM main that runs the xsite router for the benchmark: starts it on the given bind
 * address and port (0 = ephemeral) with every other setting at its default, prints
 * {@code READY <port>} and runs until its stdin reaches end of file, which is how
 * {@link RouterProcess} stops it. Given a third argument, a directory with its certificate
 * ({@code tls.crt}, {@code tls.key}, {@code ca.crt}), it serves TLS clients only, as
 * {@code xsite router --tls-dir} does, with the default bridge. The system property
 * {@value #IO_THREADS_PROPERTY} sets its event loops (default: {@link RouterConfig#DEFAULTS}').
 */
public final class XsiteRouterProcess {
    /** System property: the router's {@link RouterConfig#ioThreads()}. */
    public static final String IO_THREADS_PROPERTY = "xsite.bench.router.ioThreads";

    private XsiteRouterProcess() {
    }

    /**
     * Runs the router.
     *
     * @param args bind address and port, optionally the TLS directory
     * @throws IOException if stdin fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: XsiteRouterProcess <bind-address> <port> [<tls-dir>]");
            System.exit(2);
        }
        // Production defaults; admin port 0 (ephemeral), so that parallel runs never collide.
        RouterConfig config = RouterConfig.DEFAULTS.withBindAddress(args[0]).withPorts(Integer.parseInt(args[1]), 0)
                .withIoThreads(Integer.getInteger(IO_THREADS_PROPERTY, RouterConfig.DEFAULTS.ioThreads()));
        ReloadingTls tls = args.length == 3 ? ReloadingTls.start(TlsConfig.inDirectory(Path.of(args[2]))) : null;
        try (GossipRouter router = tls == null ? GossipRouter.start(config)
                : GossipRouter.start(config, tls, Set.of(BridgeConfig.DEFAULT_NAME), AdminAccess.OPEN)) {
            System.out.println("READY " + router.address().getPort());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Nothing is expected on stdin; only its end matters.
            }
        } finally {
            if (tls != null) {
                tls.close();
            }
        }
    }
}
