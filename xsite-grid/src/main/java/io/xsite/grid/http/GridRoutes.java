package io.xsite.grid.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.handler.codec.http.HttpMethod;
import io.xsite.net.admin.AdminRequest;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import io.xsite.net.admin.AdminServer;
import io.xsite.grid.BackupAction;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.Expiry;
import io.xsite.grid.Grid;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid on a member's admin endpoint (grid.md "Access"): {@code GET /grid/status} (JSON of
 * {@link io.xsite.grid.GridStatus}) and {@code GET | PUT | DELETE /caches/{cache}/{key}}. Keys are the path's
 * rest after the cache, URL-decoded (so {@code %2F} puts a {@code /} in a key); values are the request and
 * response bodies as UTF-8 text, at most the admin endpoint's 8 KiB (binary values and larger ones go
 * through RESP). {@code PUT ...?ttl=SECONDS} sets an expiry. Reads are open where the admin endpoint's
 * read-only routes are; {@code PUT} and {@code DELETE} change state and need the admin token.
 *
 * <p>{@code POST /grid/backups/{site}/take-offline | bring-online | push-state?cache=NAME} (cache
 * {@code default} when left out) applies the action to backup site {@code site} on every member of this site
 * (grid.md, "Offline and back") and answers 200 with one line per member; it needs the admin token.
 *
 * <p>Answers: 200 with the value, 204 after a write or delete, 404 for an unknown cache or absent key, 400
 * for a bad request, 409 for a value that is not a number, 503 with {@code Retry-After} where the grid
 * cannot write (the minority side of a partition) or reach a segment's owners.
 */
public final class GridRoutes {
    /** The path of the grid's status. */
    public static final String STATUS = "/grid/status";
    /** The prefix of the backup-site actions: {@code /grid/backups/{site}/{action}}. */
    public static final String BACKUPS = "/grid/backups";
    /** The prefix of the cache routes; a route on {@code /caches/*} serves every path below it. */
    public static final String CACHES = "/caches";

    private static final Logger log = LoggerFactory.getLogger(GridRoutes.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GridRoutes() {
    }

    /** The routes of {@code grid}, path to route, to add to an admin endpoint ({@link SiteVerifyRoutes} too). */
    public static Map<String, AdminRoute> of(Grid grid) {
        Map<String, AdminRoute> routes = new HashMap<>(SiteVerifyRoutes.of(grid));
        routes.put(STATUS, AdminRoute.of(() -> status(grid)));
        routes.put(CACHES + AdminServer.WILDCARD, new CacheRoute(grid));
        routes.put(BACKUPS + AdminServer.WILDCARD, AdminRoute.changingState(Set.of(HttpMethod.POST),
                request -> changeBackup(grid, request)));
        return Map.copyOf(routes);
    }

    /** {@code POST /grid/backups/{site}/{action}?cache=NAME}. */
    private static CompletionStage<AdminResponse> changeBackup(Grid grid, AdminRequest request) {
        String[] siteAndAction = request.path().substring(Math.min(request.path().length(), BACKUPS.length() + 1))
                .split("/", -1);
        if (siteAndAction.length != 2 || siteAndAction[0].isEmpty()) {
            return done(AdminResponse.text(400, "expected " + BACKUPS
                    + "/{site}/take-offline|bring-online|push-state\n"));
        }
        BackupAction action;
        try {
            action = BackupAction.parse(siteAndAction[1]);
        } catch (IllegalArgumentException e) {
            return done(AdminResponse.text(400, e.getMessage() + "\n"));
        }
        String cache = request.parameters().getOrDefault("cache", List.of(CacheConfig.DEFAULT_CACHE)).get(0);
        return grid.changeBackup(cache, siteAndAction[0], action).thenApply(done -> AdminResponse.text(200, done + "\n"))
                .exceptionally(GridRoutes::failure);
    }

    private static AdminResponse status(Grid grid) {
        try {
            return AdminResponse.json(JSON.writeValueAsString(grid.status()) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("grid status does not serialise", e);
        }
    }

    /** {@code /caches/{cache}/{key}}: reads with GET, writes with PUT and DELETE. */
    private static final class CacheRoute implements AdminRoute {
        private final Grid grid;

        CacheRoute(Grid grid) {
            this.grid = grid;
        }

        @Override
        public Set<HttpMethod> methods() {
            return Set.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE);
        }

        @Override
        public boolean changesState(HttpMethod method) {
            return !method.equals(HttpMethod.GET);
        }

        @Override
        public CompletionStage<AdminResponse> answer() {
            throw new UnsupportedOperationException("a cache route answers requests with a path");
        }

        @Override
        public CompletionStage<AdminResponse> answer(AdminRequest request) {
            String rest = request.path().substring(Math.min(request.path().length(), CACHES.length() + 1));
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                return done(AdminResponse.text(400, "expected " + CACHES + "/{cache}/{key}\n"));
            }
            String cacheName = rest.substring(0, slash);
            Optional<GridCache> cache = grid.cache(cacheName);
            if (cache.isEmpty()) {
                return done(AdminResponse.text(404, "no cache " + cacheName + " (caches: " + grid.cacheNames()
                        + ")\n"));
            }
            byte[] key = rest.substring(slash + 1).getBytes(StandardCharsets.UTF_8);
            CompletionStage<AdminResponse> answer;
            try {
                answer = answer(request, cache.get(), key);
            } catch (IllegalArgumentException e) {
                return done(AdminResponse.text(400, e.getMessage() + "\n"));
            }
            return answer.exceptionally(GridRoutes::failure);
        }

        private static CompletionStage<AdminResponse> answer(AdminRequest request, GridCache cache, byte[] key) {
            if (request.method().equals(HttpMethod.GET)) {
                return cache.get(key).thenApply(entry -> entry
                        .map(e -> AdminResponse.text(200, new String(e.value(), StandardCharsets.UTF_8)))
                        .orElseGet(() -> AdminResponse.text(404, "no key\n")));
            }
            if (request.method().equals(HttpMethod.DELETE)) {
                return cache.remove(key).thenApply(removed -> removed ? AdminResponse.text(204, "")
                        : AdminResponse.text(404, "no key\n"));
            }
            return cache.write(key, GridWrite.put(request.body(), expiry(request.parameters())))
                    .thenApply(result -> AdminResponse.text(204, ""));
        }

        /** The expiry {@code ?ttl=SECONDS} asks for, or none. */
        private static Expiry expiry(Map<String, List<String>> parameters) {
            List<String> ttl = parameters.getOrDefault("ttl", List.of());
            if (ttl.isEmpty()) {
                return Expiry.never();
            }
            try {
                long seconds = Long.parseLong(ttl.get(0));
                if (seconds > 0 && seconds < Long.MAX_VALUE / 1000) {
                    return Expiry.after(Duration.ofSeconds(seconds));
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("ttl must be a positive number of seconds: " + ttl.get(0));
        }
    }

    /** The answer for a failed grid operation: its reason's status, or 500. */
    static AdminResponse failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!(cause instanceof GridException grid)) {
            log.warn("grid request failed", cause);
            return AdminResponse.text(500, "internal error: " + cause + "\n");
        }
        String text = grid.getMessage() + "\n";
        return switch (grid.reason()) {
            case CLUSTER_DOWN, UNAVAILABLE -> AdminResponse.text(503, text).withHeader("Retry-After", "1");
            case NOT_AN_INTEGER, OVERFLOW -> AdminResponse.text(409, text);
            case BAD_REQUEST -> AdminResponse.text(400, text);
        };
    }

    private static CompletionStage<AdminResponse> done(AdminResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
