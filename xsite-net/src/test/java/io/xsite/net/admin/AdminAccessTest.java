package io.xsite.net.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoint's guard over real HTTP on loopback, each test a caller without the token, with a wrong
 * one, or flooding a rate-limited route. Before the guard, every one of these requests was served.
 */
class AdminAccessTest {
    private static final String TOKEN = "s3cr3t-t0ken";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger puts = new AtomicInteger();
    private AdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withATokenEveryRouteButTheKubernetesProbesNeedsIt() throws Exception {
        start(AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)));

        HttpResponse<String> anonymous = send(request("/view").GET());
        HttpResponse<String> unknownPath = send(request("/secret-path").GET());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"xsite\"");
        assertThat(anonymous.body()).doesNotContain("members");
        assertThat(unknownPath.statusCode()).as("no path enumeration without the token").isEqualTo(401);
        assertThat(send(request("/health").GET()).statusCode()).isEqualTo(200);
        assertThat(send(request("/ready").GET()).statusCode()).isEqualTo(200);
        assertThat(send(request("/view").header("Authorization", "Bearer " + TOKEN).GET()).body())
                .isEqualTo("{\"members\":[\"A\"]}");
        assertThat(send(request("/view").header("Authorization", "bearer " + TOKEN).GET()).statusCode())
                .as("the scheme in any case").isEqualTo(200);
        assertThat(refused("unauthorized")).isEqualTo(2);
    }

    @Test
    void aWrongTokenOrAnotherSchemeIsRefused() throws Exception {
        start(AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)));

        HttpResponse<String> wrong = send(request("/view").header("Authorization", "Bearer " + TOKEN + "x").GET());
        HttpResponse<String> prefix = send(request("/view").header("Authorization", "Bearer s3cr3t").GET());
        HttpResponse<String> basic = send(request("/view").header("Authorization", "Basic " + TOKEN).GET());
        HttpResponse<String> bare = send(request("/view").header("Authorization", TOKEN).GET());

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("www-authenticate")).hasValue(
                "Bearer realm=\"xsite\", error=\"invalid_token\"");
        assertThat(prefix.statusCode()).isEqualTo(401);
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(bare.statusCode()).isEqualTo(401);
        assertThat(refused("unauthorized")).isEqualTo(4);
    }

    @Test
    void withoutATokenReadRoutesAreOpenAndStateChangingRoutesAreRefused() throws Exception {
        start(AdminAccess.OPEN);

        HttpResponse<String> put = send(request("/grid").PUT(HttpRequest.BodyPublishers.ofString("v")));
        HttpResponse<String> putWithSomeToken = send(request("/grid").header("Authorization", "Bearer anything")
                .PUT(HttpRequest.BodyPublishers.ofString("v")));

        assertThat(send(request("/view").GET()).statusCode()).isEqualTo(200);
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(put.body()).contains("admin.token-file");
        assertThat(putWithSomeToken.statusCode()).isEqualTo(403);
        assertThat(puts).as("state changes that reached the route").hasValue(0);
        assertThat(refused("no_token_configured")).isEqualTo(2);
    }

    @Test
    void aStateChangingRouteIsServedWithTheTokenOnly() throws Exception {
        start(AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)));

        HttpResponse<String> anonymous = send(request("/grid").PUT(HttpRequest.BodyPublishers.ofString("v1")));
        HttpResponse<String> authorized = send(request("/grid?key=k").header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("v2")));
        HttpResponse<String> get = send(request("/grid").header("Authorization", "Bearer " + TOKEN).GET());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(authorized.statusCode()).isEqualTo(200);
        assertThat(authorized.body()).isEqualTo("PUT /grid {key=[k]} v2");
        assertThat(puts).hasValue(1);
        assertThat(get.statusCode()).as("a method the route does not declare").isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).hasValue("DELETE, PUT");
    }

    @Test
    void aRateLimitedRouteAnswers429WithRetryAfterBeyondItsBurst() throws Exception {
        // One permit an hour: the third request finds the bucket empty whatever the machine's speed.
        start(AdminAccess.OPEN.withRateLimit(new RateLimit(1.0 / 3600, 2)));

        assertThat(send(request("/probe").GET()).statusCode()).isEqualTo(200);
        assertThat(send(request("/probe").GET()).statusCode()).isEqualTo(200);
        HttpResponse<String> third = send(request("/probe").GET());

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("retry-after").map(Long::parseLong)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(3000L, 3600L));
        assertThat(send(request("/view").GET()).statusCode()).as("other routes are not limited").isEqualTo(200);
        assertThat(refused("rate_limited")).isEqualTo(1);
    }

    @Test
    void everyRefusalReasonIsReportedFromTheStart() {
        start(AdminAccess.OPEN);

        assertThat(registry.find("xsite.admin.requests.refused").counters())
                .extracting(c -> c.getId().getTag("reason"))
                .containsExactlyInAnyOrder("unauthorized", "no_token_configured", "rate_limited");
    }

    private void start(AdminAccess access) {
        server = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(
                "/health", AdminRoute.of(() -> AdminResponse.text(200, "UP")),
                "/ready", AdminRoute.of(() -> AdminResponse.text(200, "READY")),
                "/view", AdminRoute.of(() -> AdminResponse.json("{\"members\":[\"A\"]}")),
                "/probe", AdminRoute.throttled(parameters -> CompletableFuture.completedFuture(
                        AdminResponse.text(200, "probed"))),
                "/grid", AdminRoute.changingState(Set.of(HttpMethod.PUT, HttpMethod.DELETE), request -> {
                    puts.incrementAndGet();
                    return CompletableFuture.completedFuture(AdminResponse.text(200, request.method() + " "
                            + request.path() + " " + request.parameters() + " "
                            + new String(request.body(), StandardCharsets.UTF_8)));
                })), access, registry, Optional.empty());
    }

    private double refused(String reason) {
        return registry.get("xsite.admin.requests.refused").tag("reason", reason).counter().count();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .timeout(Duration.ofSeconds(5));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
