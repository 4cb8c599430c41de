package io.xsite.relay.page;

import io.micrometer.core.instrument.MeterRegistry;
import io.xsite.net.admin.AdminResponse;
import io.xsite.net.admin.AdminRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The live page of a node's admin endpoint (a relay node's, or a member's without relay: {@link
 * NodeStatus#ofMember}): {@code /} is one self-contained HTML page (styles and script inline, nothing fetched
 * from elsewhere) that shows the sites, the local view, the site masters, the routers and, where the node
 * serves the grid, its caches; {@code /status} is the JSON it shows ({@link StatusJson});
 * {@code /events} streams that JSON as server-sent events whenever it changes ({@link StatusEvents}).
 *
 * <p>The HTML holds no state and is served without the admin token ({@link AdminRoute#open()}), so that a
 * browser, which cannot put a bearer token on a page load, can open it; the script then asks for the token when
 * {@code /events} answers 401 and sends it with every request it makes. See docs/live-page.md.
 */
public final class LivePage implements AutoCloseable {
    /** Open event streams at most, per node: a few operators' tabs, never an unbounded number of connections. */
    public static final int MAX_SUBSCRIBERS = 16;
    /** How often the status is compared with the one last sent: a change shows within this. */
    static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    /** The longest gap between two events, changes or not. */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);

    private static final String PAGE = "index.html";

    private final Supplier<NodeStatus> status;
    private final ScheduledExecutorService owner;
    private final StatusEvents events;
    private final String html;

    /**
     * A page of the node whose state {@code status} reads; it is called on {@code owner} (the node's relay
     * thread), which also times the events.
     *
     * @param registry where the page counts its event streams
     */
    public LivePage(Supplier<NodeStatus> status, ScheduledExecutorService owner, MeterRegistry registry) {
        this(status, owner, registry, MAX_SUBSCRIBERS);
    }

    /** As above with at most {@code maxSubscribers} event streams open at a time. */
    LivePage(Supplier<NodeStatus> status, ScheduledExecutorService owner, MeterRegistry registry, int maxSubscribers) {
        this.status = status;
        this.owner = owner;
        this.events = new StatusEvents(status, owner, maxSubscribers, SAMPLE_EVERY, HEARTBEAT_EVERY, registry);
        this.html = resource(PAGE);
    }

    /** The page's routes, path to route: {@code /}, {@code /status} and {@code /events}. */
    public Map<String, AdminRoute> routes() {
        return Map.of("/", new HtmlRoute(html), "/status", this::status, "/events", events);
    }

    /**
     * Stops sampling the status and ends the open event streams, for a page whose {@code owner} outlives the
     * node (a shared event loop); a relay node's page stops with the node's relay thread.
     */
    @Override
    public void close() {
        events.stop();
    }

    private CompletionStage<AdminResponse> status() {
        return CompletableFuture.supplyAsync(() -> AdminResponse.json(StatusJson.render(status.get())), owner);
    }

    private static String resource(String name) {
        try (InputStream in = LivePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the live page " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /}: the page itself, open to anyone who reaches the port (it holds no state). */
    private record HtmlRoute(String html) implements AdminRoute {
        @Override
        public CompletionStage<AdminResponse> answer() {
            return CompletableFuture.completedFuture(new AdminResponse(200, "text/html; charset=utf-8", html)
                    .withHeader("Cache-Control", "no-cache"));
        }

        @Override
        public boolean open() {
            return true;
        }
    }
}
