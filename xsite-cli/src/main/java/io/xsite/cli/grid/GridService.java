package io.xsite.cli.grid;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.xsite.grid.Grid;
import io.xsite.grid.GridConfig;
import io.xsite.grid.http.GridRoutes;
import io.xsite.grid.resp.RespConfig;
import io.xsite.grid.resp.RespServer;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The grid as a node serves it: the store (started by the caller), its RESP server on {@code resp-port} and
 * its admin routes ({@code /grid/status}, {@code /caches/*}, and {@code /grid/metrics}, the RESP server's
 * meters in Prometheus text). Closing stops the RESP server, then the store.
 */
public final class GridService implements AutoCloseable {
    /** Where the RESP server's meters are scraped. */
    public static final String METRICS = "/grid/metrics";

    private final Grid grid;
    private final RespServer resp;

    private GridService(Grid grid, RespServer resp) {
        this.grid = grid;
        this.resp = resp;
    }

    /**
     * Serves {@code grid} (its caches {@code caches}) over RESP as {@code resp} says, and its admin routes through
     * {@code addRoute}; closes the grid if anything fails.
     *
     * @param registry  the grid's meters, the RESP server's join them: {@value #METRICS} serves them
     * @param addRoute  adds an admin route to the node's endpoint (false when it has none)
     */
    public static GridService start(Grid grid, GridConfig caches, PrometheusMeterRegistry registry, RespConfig resp,
                                    BiPredicate<String, AdminRoute> addRoute) {
        try {
            RespServer server = RespServer.start(grid, RespServer.databases(caches), resp, registry);
            Map<String, AdminRoute> routes = new HashMap<>(GridRoutes.of(grid));
            routes.put(METRICS, AdminRoute.of(() -> new AdminResponse(200, "text/plain; version=0.0.4; charset=utf-8",
                    registry.scrape())));
            routes.forEach(addRoute::test);
            return new GridService(grid, server);
        } catch (RuntimeException e) {
            grid.close();
            throw e;
        }
    }

    /**
     * Serves {@code grid} (its caches {@code caches}) as the demo's members do: RESP without TLS or password on
     * {@code resp}, which must be a loopback address (so that {@code redis-cli -p PORT} works as it is), and the
     * grid's admin routes through {@code addRoute}; closes the grid if anything fails.
     */
    public static GridService onLoopback(Grid grid, GridConfig caches, PrometheusMeterRegistry registry,
                                         InetSocketAddress resp, BiPredicate<String, AdminRoute> addRoute) {
        if (!resp.getAddress().isLoopbackAddress()) {
            grid.close();
            throw new IllegalArgumentException("plain RESP only on a loopback address: " + resp);
        }
        return start(grid, caches, registry, RespConfig.listeningOn(resp), addRoute);
    }

    /** The RESP server's address. */
    public InetSocketAddress respAddress() {
        return resp.address();
    }

    /** Stops the RESP server, then the grid. */
    @Override
    public void close() {
        resp.close();
        grid.close();
    }
}
