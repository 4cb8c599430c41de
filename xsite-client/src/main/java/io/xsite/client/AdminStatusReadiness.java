package io.xsite.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Home has caught up when the cross-site backlog toward it is empty, as the grid's {@code GET /grid/status}
 * reports it (the RPO metric). Two sites are asked:
 * <ol>
 *   <li>home, at the first of its admin endpoints that answers: its {@code writable} must be true;</li>
 *   <li>the site in use, at every admin endpoint (each member queues the backups of the writes it owns): in
 *       every cache, the entry of {@code backups} whose {@code site} is home must report {@code pendingKeys} 0,
 *       and no state transfer to home on its way ({@code state} other than {@code pushing}): a home that lost its
 *       contents gets them back through a push ({@code xsite grid push-state}), whose keys are not counted as
 *       pending.</li>
 * </ol>
 * The backlog is read where it is kept, at the site that took the writes while home was away; home itself
 * cannot know what it has not received.
 *
 * <p>Expected JSON, per cache of {@code caches} (field names {@link #BACKUPS}, {@link #SITE},
 * {@link #PENDING_KEYS}, {@link #OLDEST_PENDING_MILLIS}):
 * <pre>{@code
 * {"member": "X", "site": "sfc", "writable": true, "caches": [
 *   {"name": "default", ..., "backups": [{"site": "nyc", "pendingKeys": 0, "oldestPendingMillis": 0}]}]}
 * }</pre>
 * A status without {@code backups} (a grid without cross-site backups) reports no backlog: home counts as
 * caught up once it answers and accepts writes. A site without admin endpoints is not asked; a site whose
 * endpoints are configured but none answers means "not yet", since nothing confirms the backlog is empty.
 */
public final class AdminStatusReadiness implements HomeReadiness {
    /** The route read at every admin endpoint. */
    public static final String STATUS_PATH = "/grid/status";
    /** Per cache: the list of backup sites. */
    public static final String BACKUPS = "backups";
    /** Per backup: the backup site's name. */
    public static final String SITE = "site";
    /** Per backup: keys written here and not yet acknowledged by the backup site. */
    public static final String PENDING_KEYS = "pendingKeys";
    /** Per backup: the age of the oldest of them, in milliseconds (shown in the reason only). */
    public static final String OLDEST_PENDING_MILLIS = "oldestPendingMillis";
    /** Per backup: what the site does with the backup site ({@code online}, {@code pushing}, ...). */
    public static final String STATE = "state";
    /** The {@link #STATE} of a backup site a state transfer is on its way to. */
    public static final String PUSHING = "pushing";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<URI>> admin;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param admin   per site name, the base URLs of its members' admin endpoints
     * @param token   the bearer token the admin endpoints ask for, if they do
     * @param timeout how long one request may take
     */
    public AdminStatusReadiness(Map<String, List<URI>> admin, Optional<String> token, Duration timeout) {
        this.admin = Map.copyOf(admin);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public CompletionStage<Readiness> check(String home, String current) {
        return homeWritable(home).thenCompose(homeAnswer -> homeAnswer.isPresent()
                ? CompletableFuture.completedFuture(homeAnswer.get()) : backlog(home, current));
    }

    /** "Not yet" if home's admin endpoints say it is not writable or none answers; empty to go on. */
    private CompletionStage<Optional<Readiness>> homeWritable(String home) {
        List<URI> endpoints = admin.getOrDefault(home, List.of());
        if (endpoints.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return statuses(endpoints).thenApply(statuses -> {
            if (statuses.isEmpty()) {
                return Optional.of(Readiness.notYet("no admin endpoint of site " + home + " answers"));
            }
            return statuses.get(0).path("writable").asBoolean(false) ? Optional.empty()
                    : Optional.of(Readiness.notYet("site " + home + " is not writable"));
        });
    }

    private CompletionStage<Readiness> backlog(String home, String current) {
        List<URI> endpoints = admin.getOrDefault(current, List.of());
        if (endpoints.isEmpty()) {
            return CompletableFuture.completedFuture(Readiness.ready("site " + home + " answers and accepts writes ("
                    + "no admin endpoint of site " + current + " to read the backlog from)"));
        }
        return statuses(endpoints).thenApply(statuses -> {
            if (statuses.isEmpty()) {
                return Readiness.notYet("no admin endpoint of site " + current + " answers: its backlog for "
                        + home + " is unknown");
            }
            long pending = 0;
            long oldest = 0;
            int pushing = 0;
            boolean reported = false;
            for (JsonNode status : statuses) {
                for (JsonNode cache : status.path("caches")) {
                    for (JsonNode backup : cache.path(BACKUPS)) {
                        if (backup.path(SITE).asText().equals(home)) {
                            reported = true;
                            pending += backup.path(PENDING_KEYS).asLong(0);
                            oldest = Math.max(oldest, backup.path(OLDEST_PENDING_MILLIS).asLong(0));
                            pushing += backup.path(STATE).asText().equals(PUSHING) ? 1 : 0;
                        }
                    }
                }
            }
            if (!reported) {
                return Readiness.ready("site " + home + " answers and accepts writes (site " + current
                        + " reports no backup to it)");
            }
            if (pushing > 0) {
                return Readiness.notYet("site " + current + " still pushes its state to " + home + " (" + pushing
                        + " transfers on their way, one per member and cache)");
            }
            return pending == 0 ? Readiness.ready("site " + current + " has no keys left to back up to " + home)
                    : Readiness.notYet("site " + current + " still has " + pending + " keys to back up to " + home
                    + ", the oldest " + oldest + " ms old");
        });
    }

    /** The statuses of those of {@code endpoints} that answered 200 with JSON, in endpoint order. */
    private CompletionStage<List<JsonNode>> statuses(List<URI> endpoints) {
        List<CompletableFuture<Optional<JsonNode>>> answers = new ArrayList<>();
        for (URI endpoint : endpoints) {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(STATUS_PATH)).timeout(timeout).GET();
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            answers.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(AdminStatusReadiness::parse)
                    .exceptionally(failure -> Optional.empty()));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> answers.stream()
                .map(CompletableFuture::join).flatMap(Optional::stream).toList());
    }

    private static Optional<JsonNode> parse(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
