package io.xsite.grid.resp;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.grid.InMemoryGrid;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A RESP server on an ephemeral loopback port over an {@link InMemoryGrid} of two caches ({@code default},
 * {@code sessions}) whose operations complete on a pool of four threads, so replies complete out of order
 * as they do at different primaries.
 */
final class RespTestServer implements AutoCloseable {
    static final List<String> DATABASES = List.of("default", "sessions");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ExecutorService completions = Executors.newFixedThreadPool(4);
    final InMemoryGrid grid = new InMemoryGrid(DATABASES, completions, System::currentTimeMillis);
    final RespServer server;

    RespTestServer() {
        this(config -> config);
    }

    RespTestServer(UnaryOperator<RespConfig> configure) {
        RespConfig config = configure.apply(RespConfig.listeningOn(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        server = RespServer.start(grid, DATABASES, config, registry);
    }

    String host() {
        return server.address().getHostString();
    }

    int port() {
        return server.address().getPort();
    }

    @Override
    public void close() {
        server.close();
        completions.shutdownNow();
    }
}
