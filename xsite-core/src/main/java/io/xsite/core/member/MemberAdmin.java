package io.xsite.core.member;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.core.admin.AdminResponse;
import io.xsite.core.admin.AdminRoute;
import io.xsite.core.membership.View;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A member's admin routes: {@code /health} (the process runs), {@code /ready} (the member is in a
 * view), {@code /view} (JSON) and {@code /metrics} (Prometheus text).
 */
final class MemberAdmin {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MemberAdmin() {
    }

    static Map<String, AdminRoute> routes(Member member, Supplier<String> metrics) {
        return Map.of(
                "/health", AdminRoute.of(() -> AdminResponse.text(200, "UP\n")),
                "/ready", AdminRoute.of(() -> member.view() != null
                        ? AdminResponse.text(200, "READY\n") : AdminResponse.text(503, "NOT IN A VIEW\n")),
                "/view", AdminRoute.of(() -> AdminResponse.json(viewJson(member))),
                "/metrics", AdminRoute.of(() -> new AdminResponse(200, PROMETHEUS_TEXT, metrics.get())));
    }

    static String viewJson(Member member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cluster", member.cluster());
        json.put("name", member.name());
        json.put("site", member.site());
        json.put("address", member.address().uuid().toString());
        json.put("physical", String.valueOf(member.physicalAddress()));
        View view = member.view();
        if (view != null) {
            json.put("viewId", view.id().sequence());
            json.put("coordinator", name(view.coordinator()));
            json.put("members", view.members().stream().map(MemberAdmin::name).toList());
        } else {
            json.put("members", List.of());
        }
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(io.xsite.core.address.UuidAddress member) {
        return member.name() != null ? member.name() : member.uuid().toString();
    }
}
