package io.xsite.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The router's admin routes: {@code /health}, {@code /ready}, {@code /metrics} (Prometheus text) and
 * {@code /clusters} (JSON), answered on the admin endpoint's loop: the table and the gauges read concurrent
 * maps, so they need no router thread (a registration that comes or goes meanwhile may or may not show).
 */
final class RouterAdmin {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouterAdmin() {
    }

    static Map<String, AdminRoute> routes(Channel server, RoutingTable table, RouterMetrics metrics) {
        return Map.of(
                "/health", AdminRoute.of(() -> AdminResponse.text(200, "UP\n")),
                "/ready", AdminRoute.of(() -> server.isActive()
                        ? AdminResponse.text(200, "READY\n") : AdminResponse.text(503, "NOT READY\n")),
                "/metrics", AdminRoute.of(() -> new AdminResponse(200, PROMETHEUS_TEXT, metrics.scrape())),
                "/clusters", AdminRoute.of(() -> AdminResponse.json(toJson(table))));
    }

    private static String toJson(RoutingTable table) {
        try {
            return JSON.writeValueAsString(ClusterView.of(table.groups()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
