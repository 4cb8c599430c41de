package io.xsite.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.grid.Grid;
import io.xsite.grid.GridConfig;
import io.xsite.grid.http.GridRoutes;
import io.xsite.grid.resp.RespConfig;
import io.xsite.grid.resp.RespLimits;
import io.xsite.grid.resp.RespPassword;
import io.xsite.grid.resp.RespServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The grid as a node serves it: the store (started by the caller), its RESP server on {@code resp-port} and
 * its admin routes ({@code /grid/status}, {@code /caches/*}, and {@code /grid/metrics}, the RESP server's
 * meters in Prometheus text). Closing stops the RESP server, then the store.
 */
public final class GridService implements AutoCloseable {
    /** Where the RESP server's meters are scraped. */
    static final String METRICS = "/grid/metrics";

    private final Grid grid;
    private final RespServer resp;

    private GridService(Grid grid, RespServer resp) {
        this.grid = grid;
        this.resp = resp;
    }

    /**
     * Serves {@code grid} as {@code config} says, on {@code bind}; closes the grid if anything fails.
     *
     * @param registry  the grid's meters, the RESP server's join them: {@value #METRICS} serves them
     * @param tls       the node's TLS material: RESP then speaks TLS and accepts the CA's client certificates
     * @param addRoute  adds an admin route to the node's endpoint (false when it has none)
     * @throws CommandFailure when the password file cannot be read
     */
    static GridService start(Grid grid, PrometheusMeterRegistry registry, NodeGridConfig config, InetAddress bind,
                             Optional<ReloadingTls> tls, BiPredicate<String, AdminRoute> addRoute) {
        try {
            RespConfig resp = RespConfig.listeningOn(new InetSocketAddress(bind, config.respPort()))
                    .withLimits(RespLimits.DEFAULTS.withMaxRequestBytes(config.respMaxRequestBytes()));
            if (config.respPasswordFile().isPresent()) {
                resp = resp.withPassword(password(config));
            }
            if (tls.isPresent()) {
                resp = resp.withTls(tls.get());
            }
            RespServer server = RespServer.start(grid, RespServer.databases(config.caches()), resp, registry);
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
        NodeGridConfig config = new NodeGridConfig(resp.getPort(), caches, Optional.empty(),
                NodeGridConfig.DEFAULTS.respMaxRequestBytes());
        return start(grid, registry, config, resp.getAddress(), Optional.empty(), addRoute);
    }

    private static RespPassword password(NodeGridConfig config) {
        try {
            return RespPassword.read(config.respPasswordFile().get());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage() + " (" + GridSettings.RESP_PASSWORD_FILE.name() + ")", e);
        }
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
