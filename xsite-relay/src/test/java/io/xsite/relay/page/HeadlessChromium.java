package io.xsite.relay.page;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, headless, showing one page and driven over the Chrome DevTools protocol (a
 * WebSocket of JSON commands, java.net.http's client): evaluate an expression in the page, take a screenshot.
 * Its profile lives in a temporary directory, removed on close. Public for the tests of modules that serve the page
 * (xsite-cli's demo).
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts {@code chromium} showing {@code url} in a 1280x1000 window and connects to the page. */
    public static HeadlessChromium open(Path chromium, String url) throws Exception {
        Path profile = Files.createTempDirectory("xsite-chromium-");
        Process process = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "--window-size=1280,1000", url)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            // Chromium writes the port it chose, then the browser's path, once it listens.
            Path activePort = profile.resolve("DevToolsActivePort");
            await("chromium listens for DevTools").atMost(ofSeconds(30))
                    .until(() -> Files.exists(activePort) && Files.readAllLines(activePort).size() >= 2);
            int port = Integer.parseInt(Files.readAllLines(activePort).get(0).strip());
            HttpClient http = HttpClient.newHttpClient();
            String[] page = new String[1];
            await("chromium shows the page").atMost(ofSeconds(30)).until(() -> {
                URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
                HttpResponse<String> targets = http.send(HttpRequest.newBuilder(list).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode target : JSON.readTree(targets.body())) {
                    if ("page".equals(target.path("type").asText())) {
                        page[0] = target.path("webSocketDebuggerUrl").asText();
                        return true;
                    }
                }
                return false;
            });
            Replies replies = new Replies();
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(page[0]), replies).get(20, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
            replies.browser = browser;
            return browser;
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The value of the JavaScript {@code expression} in the page (a string, number or boolean; null if none). */
    public JsonNode evaluate(String expression) {
        JsonNode reply = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        return reply.at("/result/result/value");
    }

    /** Saves a PNG of what the window shows to {@code file}. */
    public void screenshot(Path file) throws IOException {
        JsonNode reply = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(reply.at("/result/data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(command.toString(), true).join();
        JsonNode answer = reply.orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer;
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            // Chromium may still be writing its profile as it exits; the temporary directory is only litter.
        }
    }

    /** Collects each message's fragments; a message with an id answers the command of that id. */
    private static final class Replies implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    if (message.has("id") && browser != null) {
                        CompletableFuture<JsonNode> reply = browser.pending.remove(message.get("id").asInt());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    text.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
