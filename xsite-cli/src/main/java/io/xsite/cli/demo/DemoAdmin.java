package io.xsite.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.grid.BackupAction;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.SiteComparison;
import io.xsite.grid.http.GridRoutes;
import io.xsite.grid.http.SiteVerifyRoutes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The demo's script at the members' admin endpoints, over HTTP as {@code xsite grid} asks them, whether the members
 * run in this JVM or in their own: {@code GET /grid/status}, {@code POST /grid/backups/{site}/push-state}
 * ({@code xsite grid push-state}) and {@code GET /grid/verify} ({@code xsite grid verify}). Every request carries
 * the run's admin token, which the endpoints without one ignore. Used by the script's thread only.
 */
final class DemoAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT = Duration.ofSeconds(1);
    private static final Duration STATUS = Duration.ofSeconds(2);

    private final DemoPlan plan;
    private final String token;
    /** How long a push or a verify may take to answer: both sites' primaries digest or start on every segment. */
    private final Duration patience;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();

    /** The admin endpoints of {@code plan}'s members, asked with {@code token}. */
    DemoAdmin(DemoPlan plan, String token, Duration patience) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.token = Objects.requireNonNull(token, "token");
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    /**
     * The {@code /grid/status} of every member of {@code site} that runs (a crashed one refuses the connection);
     * empty when one that runs does not answer with its status, or when interrupted (the flag set again, for
     * {@link Polling} to see).
     */
    Optional<List<JsonNode>> statuses(String site) {
        List<JsonNode> statuses = new ArrayList<>();
        for (DemoMember member : plan.site(site)) {
            try {
                HttpResponse<String> response = send(member, GridRoutes.STATUS, STATUS, false);
                if (response.statusCode() != 200) {
                    return Optional.empty();
                }
                statuses.add(JSON.readTree(response.body()));
            } catch (ConnectException crashed) {
                // Not running: nothing to ask.
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.of(statuses);
    }

    /**
     * Has {@code at}'s site push the whole default cache to backup site {@code to}, every member its primary
     * segments ({@code xsite grid push-state TO}); returns the endpoint's answer, one line per member.
     *
     * @throws IOException when the endpoint cannot be reached or does not answer 200
     */
    List<String> pushState(DemoMember at, String to) throws IOException, InterruptedException {
        HttpResponse<String> response = send(at, GridRoutes.BACKUPS + "/" + to + "/" + BackupAction.PUSH_STATE.label()
                + "?cache=" + CacheConfig.DEFAULT_CACHE, patience, true);
        if (response.statusCode() != 200) {
            throw new IOException(at.name() + " answered " + response.statusCode() + ": " + response.body().strip());
        }
        return response.body().lines().toList();
    }

    /**
     * {@code at}'s site compared with {@code site}, segment by segment ({@code xsite grid verify SITE}); empty while
     * a site cannot vouch for every segment (503) or the endpoint's rate limit says later (429).
     *
     * @throws IOException when the endpoint cannot be reached or answers anything else
     */
    Optional<SiteComparison> verify(DemoMember at, String site) throws IOException, InterruptedException {
        HttpResponse<String> response = send(at, SiteVerifyRoutes.VERIFY + "?site=" + site, patience, false);
        return switch (response.statusCode()) {
            case 200 -> Optional.of(JSON.readValue(response.body(), SiteComparison.class));
            case 429, 503 -> Optional.empty();
            default -> throw new IOException(at.name() + " answered " + response.statusCode() + ": "
                    + response.body().strip());
        };
    }

    private HttpResponse<String> send(DemoMember member, String pathAndQuery, Duration timeout, boolean post)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(member.adminUri() + pathAndQuery))
                .timeout(timeout).header("Authorization", "Bearer " + token);
        request = post ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
