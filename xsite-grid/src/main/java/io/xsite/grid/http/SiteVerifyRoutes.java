package io.xsite.grid.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpMethod;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.Grid;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Verify and repair against another site on a member's admin endpoint (grid.md, "Verify and repair"):
 * {@code GET /grid/verify?site=SITE[&cache=CACHE]} answers the {@link io.xsite.grid.SiteComparison} as JSON and
 * only reads, so it is open where the read-only routes are; it draws on the endpoint's rate limit (429 beyond it,
 * {@link io.xsite.net.admin.AdminAccess#rateLimit()}), since each request has the primaries of both sites digest
 * every segment: a stranger must not make the nodes hash their data in a loop.
 * {@code POST /grid/repair?site=SITE[&cache=CACHE]}
 * sends the differing segments both ways and answers the {@link io.xsite.grid.SiteRepair}: it changes both
 * sites, so it needs the admin token. The cache is {@value CacheConfig#DEFAULT_CACHE} unless named.
 *
 * <p>Answers: 200 with the JSON whether or not the sites differ (the body says), 400 without a site or with a
 * bad one, 404 for an unknown cache, 429 with {@code Retry-After} beyond the rate limit, 503 with {@code Retry-After} when a site could not vouch for every segment
 * (down, or rebalancing).
 */
public final class SiteVerifyRoutes {
    /** The path of verify. */
    public static final String VERIFY = "/grid/verify";
    /** The path of repair. */
    public static final String REPAIR = "/grid/repair";

    private SiteVerifyRoutes() {
    }

    /** The routes of {@code grid}, path to route, to add to an admin endpoint. */
    public static Map<String, AdminRoute> of(Grid grid) {
        return Map.of(VERIFY, AdminRoute.throttled(parameters -> answer(grid, parameters, grid::verify)),
                REPAIR, AdminRoute.changingState(Set.of(HttpMethod.POST),
                        request -> answer(grid, request.parameters(), grid::repair)));
    }

    private static <T> CompletionStage<AdminResponse> answer(Grid grid, Map<String, List<String>> parameters,
                                                             BiFunction<String, String, CompletableFuture<T>> action) {
        String site = first(parameters, "site");
        String cache = parameters.containsKey("cache") ? first(parameters, "cache") : CacheConfig.DEFAULT_CACHE;
        if (site.isEmpty()) {
            return CompletableFuture.completedFuture(AdminResponse.text(400, "expected ?site=SITE[&cache=CACHE]\n"));
        }
        if (!grid.cacheNames().contains(cache)) {
            return CompletableFuture.completedFuture(AdminResponse.text(404, "no cache " + cache + " (caches: "
                    + grid.cacheNames() + ")\n"));
        }
        return action.apply(site, cache).thenApply(SiteVerifyRoutes::json).exceptionally(GridRoutes::failure);
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.isEmpty() ? "" : values.get(0).strip();
    }

    private static AdminResponse json(Object value) {
        try {
            return AdminResponse.json(GridRoutes.JSON.writeValueAsString(value) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(value.getClass().getSimpleName() + " does not serialise", e);
        }
    }
}
