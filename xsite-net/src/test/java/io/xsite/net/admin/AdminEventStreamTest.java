package io.xsite.net.admin;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Event-stream routes and open routes of the admin endpoint, over real HTTP on loopback. */
class AdminEventStreamTest {
    private static final String TOKEN = "s3cr3t-t0ken";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<EventStream> kept = new AtomicReference<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private AdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eventsReachTheClientInTheOrderSentWhileTheConnectionLasts() throws Exception {
        start(AdminAccess.OPEN);

        HttpResponse<Stream<String>> response = http.send(request("/events").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(ChannelEventStream.CONTENT_TYPE);
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
        await("the route keeps the stream").atMost(ofSeconds(5)).until(() -> kept.get() != null);
        assertThat(kept.get().send("{\"n\":1}")).isTrue();
        assertThat(kept.get().send("{\"n\":2}")).isTrue();

        Iterator<String> lines = response.body().iterator();
        assertThat(lines.next()).isEqualTo("data: {\"n\":1}");
        assertThat(lines.next()).isEmpty();
        assertThat(lines.next()).isEqualTo("data: {\"n\":2}");
        assertThat(lines.next()).isEmpty();
        kept.get().close();
        assertThat(lines.hasNext()).as("the response ends when the route closes the stream").isFalse();
        assertThat(closed.await(5, TimeUnit.SECONDS)).as("onClose ran").isTrue();
        assertThat(kept.get().send("late")).as("nothing is sent on a closed stream").isFalse();
    }

    @Test
    void theClientLeavingClosesTheStream() throws Exception {
        start(AdminAccess.OPEN);
        try (Socket client = openStream()) {
            await("the route keeps the stream").atMost(ofSeconds(5)).until(() -> kept.get() != null);
        }

        assertThat(closed.await(5, TimeUnit.SECONDS)).as("onClose ran when the client left").isTrue();
        assertThat(kept.get().send("after")).isFalse();
    }

    @Test
    void aClientThatDoesNotReadIsDroppedInsteadOfBuffered() throws Exception {
        start(AdminAccess.OPEN);
        String large = "x".repeat(128 << 10);
        try (Socket client = openStream()) {
            await("the route keeps the stream").atMost(ofSeconds(5)).until(() -> kept.get() != null);

            // The client reads nothing: once the kernel's buffers and Netty's 64 KiB high-water mark are full,
            // the stream refuses and closes.
            await("the stream gives up on a reader that does not read").atMost(ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5)).until(() -> !kept.get().send(large));
            assertThat(closed.await(5, TimeUnit.SECONDS)).as("the connection was closed").isTrue();
        }
    }

    @Test
    void aRefusalIsAnOrdinaryAnswer() throws Exception {
        EventStreamRoute full = (request, stream) -> Optional.of(AdminResponse.text(503, "full\n"));
        server = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of("/events", full));

        HttpResponse<String> response = http.send(request("/events").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("full\n");
    }

    @Test
    void anOpenRouteNeedsNoTokenWhileStreamsAndOtherRoutesDo() throws Exception {
        start(AdminAccess.OPEN.withToken(AdminToken.of(TOKEN)));

        assertThat(http.send(request("/").build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("page");
        assertThat(http.send(request("/events").build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
        assertThat(http.send(request("/view").build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
        HttpResponse<Stream<String>> withToken = http.send(request("/events")
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(withToken.statusCode()).isEqualTo(200);
        withToken.body().close();
    }

    private void start(AdminAccess access) {
        EventStreamRoute events = (request, stream) -> {
            stream.onClose(closed::countDown);
            kept.set(stream);
            return Optional.empty();
        };
        AdminRoute page = new AdminRoute() {
            @Override
            public java.util.concurrent.CompletionStage<AdminResponse> answer() {
                return java.util.concurrent.CompletableFuture.completedFuture(AdminResponse.text(200, "page"));
            }

            @Override
            public boolean open() {
                return true;
            }
        };
        server = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of("/events", events, "/", page, "/view", AdminRoute.of(() -> AdminResponse.json("{}"))),
                access, new SimpleMeterRegistry(), Optional.empty());
    }

    /** A raw connection that asks for /events and then reads nothing. */
    private Socket openStream() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(server.address(), 5000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .timeout(Duration.ofSeconds(10));
    }
}
