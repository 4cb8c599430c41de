package io.xsite.net.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin HTTP server over real HTTP on loopback. */
class AdminServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private AdminServer server;

    @BeforeEach
    void start() {
        server = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(
                "/health", AdminRoute.of(() -> AdminResponse.text(200, "UP")),
                "/view", () -> CompletableFuture.supplyAsync(() -> AdminResponse.json("{\"members\":[\"A\"]}")),
                "/broken", () -> CompletableFuture.failedFuture(new IllegalStateException("no view yet"))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getOnARouteAnswersWithItsStatusTypeAndBody() throws Exception {
        HttpResponse<String> response = send(request("/health?verbose=true").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(AdminResponse.TEXT);
        assertThat(response.body()).isEqualTo("UP");
    }

    @Test
    void asynchronousRoutesAnswerWhenTheirFutureCompletes() throws Exception {
        HttpResponse<String> response = send(request("/view").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(AdminResponse.JSON);
        assertThat(response.body()).isEqualTo("{\"members\":[\"A\"]}");
    }

    @Test
    void keepAliveConnectionServesSeveralRequests() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(send(request("/health").GET()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRouteAddedLaterIsServedAndGetsTheQueryParameters() throws Exception {
        server.addRoute("/echo", AdminRoute.withParameters(parameters ->
                CompletableFuture.completedFuture(AdminResponse.text(200, String.valueOf(parameters)))));

        assertThat(send(request("/echo?keys=view,metrics&scope=all").GET()).body())
                .isEqualTo("{keys=[view,metrics], scope=[all]}");
        assertThat(send(request("/echo").GET()).body()).isEqualTo("{}");
    }

    @Test
    void aWildcardRouteServesEveryPathBelowItUnlessANearerOneDoes() throws Exception {
        server.addRoute("/caches" + AdminServer.WILDCARD, echoPath("caches"));
        server.addRoute("/caches/special" + AdminServer.WILDCARD, echoPath("special"));

        assertThat(send(request("/caches/default/user%2F1").GET()).body()).isEqualTo("caches /caches/default/user/1");
        assertThat(send(request("/caches/special/k").GET()).body()).isEqualTo("special /caches/special/k");
        assertThat(send(request("/cachesx").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void aServedPathCannotBeReplaced() throws Exception {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> server.addRoute("/health", AdminRoute.of(() -> AdminResponse.text(200, "other"))))
                .withMessageContaining("/health");
        assertThat(send(request("/health").GET()).body()).isEqualTo("UP");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertThat(send(request("/nope").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAre405() throws Exception {
        HttpResponse<String> response = send(request("/health").POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET");
        assertThat(response.body()).isEqualTo("only GET on /health\n");
    }

    @Test
    void failedRouteIs500() throws Exception {
        assertThat(send(request("/broken").GET()).statusCode()).isEqualTo(500);
    }

    @Test
    void startFailsNamingTheAddressWhenThePortIsTaken() {
        InetSocketAddress taken = server.address();

        assertThatIllegalStateException().isThrownBy(() -> AdminServer.start(taken, Map.of()))
                .withMessageContaining(String.valueOf(taken.getPort()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .timeout(Duration.ofSeconds(5));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A route answering with {@code label} and the path it was asked for. */
    private static AdminRoute echoPath(String label) {
        return new AdminRoute() {
            @Override
            public CompletionStage<AdminResponse> answer() {
                return answer(AdminRequest.get("", Map.of()));
            }

            @Override
            public CompletionStage<AdminResponse> answer(AdminRequest request) {
                return CompletableFuture.completedFuture(AdminResponse.text(200, label + " " + request.path()));
            }
        };
    }
}
