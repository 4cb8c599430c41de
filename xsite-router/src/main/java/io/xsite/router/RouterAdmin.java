package io.xsite.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.xsite.core.admin.AdminResponse;
import io.xsite.core.admin.AdminRoute;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The router's admin routes: {@code /health}, {@code /ready}, {@code /metrics} (Prometheus text) and
 * {@code /clusters} (JSON). Whatever reads the routing table runs on the router's event loop.
 */
final class RouterAdmin {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouterAdmin() {
    }

    static Map<String, AdminRoute> routes(Channel server, EventLoop loop, RoutingTable table,
                                          RouterMetrics metrics) {
        return Map.of(
                "/health", AdminRoute.of(() -> AdminResponse.text(200, "UP\n")),
                "/ready", AdminRoute.of(() -> server.isActive()
                        ? AdminResponse.text(200, "READY\n") : AdminResponse.text(503, "NOT READY\n")),
                "/metrics", () -> CompletableFuture.supplyAsync(
                        () -> new AdminResponse(200, PROMETHEUS_TEXT, metrics.scrape()), loop),
                "/clusters", () -> CompletableFuture.supplyAsync(
                        () -> AdminResponse.json(toJson(table)), loop));
    }

    private static String toJson(RoutingTable table) {
        try {
            return JSON.writeValueAsString(ClusterView.of(table.groups()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
