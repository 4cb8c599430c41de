package io.xsite.core.member;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.core.membership.View;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A member's admin routes: {@code /health} (the process runs), {@code /ready} (the member is in a view
 * that lists it, and its protocol is not failing task after task), {@code /view} (JSON) and
 * {@code /metrics} (Prometheus text).
 */
final class MemberAdmin {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MemberAdmin() {
    }

    /**
     * The routes of {@code member}.
     *
     * @param metrics the Prometheus text
     * @param failing whether the member's protocol tasks fail repeatedly (it is stuck, whatever its view says)
     */
    static Map<String, AdminRoute> routes(Member member, Supplier<String> metrics, BooleanSupplier failing) {
        return Map.of(
                "/health", AdminRoute.of(() -> AdminResponse.text(200, "UP\n")),
                "/ready", AdminRoute.of(() -> ready(member, failing)),
                "/view", AdminRoute.of(() -> AdminResponse.json(viewJson(member))),
                "/metrics", AdminRoute.of(() -> new AdminResponse(200, PROMETHEUS_TEXT, metrics.get())));
    }

    private static AdminResponse ready(Member member, BooleanSupplier failing) {
        View view = member.view();
        if (view == null || !view.contains(member.address())) {
            return AdminResponse.text(503, "NOT IN A VIEW\n");
        }
        if (failing.getAsBoolean()) {
            return AdminResponse.text(503, "PROTOCOL FAILING\n");
        }
        return AdminResponse.text(200, "READY\n");
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

    private static String name(io.xsite.wire.address.UuidAddress member) {
        return member.name() != null ? member.name() : member.uuid().toString();
    }
}
