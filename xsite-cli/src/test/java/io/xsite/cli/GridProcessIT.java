package io.xsite.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.core.discovery.LoopbackPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid of three {@code bin/xsite node} processes, spoken to with {@code redis-cli} (Debian's redis-tools):
 * 10,000 keys written through one node survive the SIGKILL of another, and once it is back the rebalance ends
 * with two copies of every key again.
 */
class GridProcessIT {
    private static final int KEYS = 10_000;
    private static final List<String> NAMES = List.of("A", "B", "C");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, LauncherProcess> nodes = new LinkedHashMap<>();
    private final Map<String, List<Integer>> ports = new LinkedHashMap<>();
    private String discovery;

    @TempDir
    Path workingDirectory;

    @AfterEach
    void killEveryNode() {
        nodes.forEach((name, node) -> {
            node.close();
            System.err.println("---- node " + name + " stderr ----");
            node.err().forEach(System.err::println);
        });
    }

    @Test
    void tenThousandKeysSurviveAKilledNodeAndRegainTwoCopiesWhenItIsBack() throws Exception {
        List<Integer> free = LoopbackPorts.free(3 * NAMES.size());
        for (int i = 0; i < NAMES.size(); i++) {
            ports.put(NAMES.get(i), List.of(free.get(i), free.get(NAMES.size() + i), free.get(2 * NAMES.size() + i)));
        }
        discovery = "static:" + NAMES.stream().map(name -> "127.0.0.1[" + memberPort(name) + "]")
                .collect(Collectors.joining(","));
        NAMES.forEach(this::start);
        awaitViewsOf(NAMES);

        Path sets = workingDirectory.resolve("sets.txt");
        Files.writeString(sets, IntStream.range(0, KEYS).mapToObj(i -> "SET key:" + i + " value:" + i)
                .collect(Collectors.joining("\n", "", "\n")));
        List<String> written = redisCli("A", sets, "--pipe");
        assertThat(String.join("\n", written)).as("redis-cli --pipe's summary").contains("errors: 0, replies: " + KEYS);
        assertThat(redisCli("B", null, "DBSIZE")).containsExactly(String.valueOf(KEYS));

        nodes.get("C").kill();
        awaitViewsOf(List.of("A", "B"));
        List<String> expected = IntStream.range(0, KEYS).mapToObj(i -> "value:" + i).toList();
        await("all 10,000 keys read back through A and B after C's crash").atMost(ofSeconds(90))
                .pollInterval(ofSeconds(1)).untilAsserted(() -> {
                    assertThat(readAll("A")).isEqualTo(expected);
                    assertThat(readAll("B")).isEqualTo(expected);
                });

        start("C");
        awaitViewsOf(NAMES);
        await("the rebalance ends with two copies of every key").atMost(ofSeconds(120)).pollInterval(ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
                    long copies = 0;
                    for (String name : NAMES) {
                        JsonNode cache = defaultCache(name);
                        assertThat(cache.path("rebalancing").asBoolean()).as(name + " rebalancing").isFalse();
                        assertThat(cache.path("segmentsWithoutOwners").asInt()).isZero();
                        assertThat(StreamSupport.stream(cache.path("segmentOwners").spliterator(), false))
                                .as(name + "'s owners of every segment").allSatisfy(owners ->
                                        assertThat(owners.size()).isEqualTo(2));
                        copies += cache.path("localEntries").asLong();
                    }
                    assertThat(copies).as("entries held by the three nodes together").isEqualTo(2L * KEYS);
                });
        assertThat(readAll("C")).isEqualTo(expected);
    }

    private void start(String name) {
        Map<String, String> environment = Map.of(
                "XSITE_JAVA_OPTS", "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "XSITE_NODE_HEARTBEAT_INTERVAL", "250ms",
                "XSITE_NODE_SUSPECT_TIMEOUT", "2s",
                "XSITE_NODE_VERIFY_TIMEOUT", "2s");
        try {
            nodes.put(name, LauncherProcess.start(workingDirectory, environment, "node", "--cluster", "grid",
                    "--name", name, "--bind", "127.0.0.1", "--port", String.valueOf(memberPort(name)),
                    "--admin-port", String.valueOf(adminPort(name)), "--resp-port", String.valueOf(respPort(name)),
                    "--discovery", discovery));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitViewsOf(List<String> expected) {
        await("the views of " + expected).atMost(ofSeconds(60)).pollInterval(ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
                    for (String name : expected) {
                        JsonNode members = get(name, "/view").path("members");
                        assertThat(StreamSupport.stream(members.spliterator(), false).map(JsonNode::asText))
                                .as(name + "'s view").containsExactlyInAnyOrderElementsOf(expected);
                    }
                });
    }

    private JsonNode defaultCache(String name) throws IOException, InterruptedException {
        for (JsonNode cache : get(name, "/grid/status").path("caches")) {
            if (cache.path("name").asText().equals("default")) {
                return cache;
            }
        }
        throw new AssertionError(name + "'s /grid/status lists no cache default");
    }

    private JsonNode get(String name, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort(name) + path)).timeout(ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(name + "'s " + path).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Runs {@code redis-cli -p <name's RESP port> args}, with {@code input} as stdin if given; its output lines. */
    private List<String> redisCli(String name, Path input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
                String.valueOf(respPort(name))));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("redis-cli is needed (Debian: apt-get install redis-tools; "
                    + ".ci/install-prerequisites installs it)", e);
        }
        String out = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("redis-cli ended").isTrue();
        return out.lines().toList();
    }

    /**
     * {@code GET key:0} to {@code GET key:9999} through {@code name}'s RESP port, pipelined in one write (redis-cli
     * would wait for each reply in turn); each value, or the error line where a GET failed.
     */
    private List<String> readAll(String name) throws IOException {
        StringBuilder gets = new StringBuilder();
        for (int i = 0; i < KEYS; i++) {
            String key = "key:" + i;
            gets.append("*2\r\n$3\r\nGET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", respPort(name))) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(gets.toString().getBytes(UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
            List<String> values = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                String header = in.readLine();
                values.add(header.startsWith("$") && !header.equals("$-1") ? in.readLine() : header);
            }
            return values;
        }
    }

    private int memberPort(String name) {
        return ports.get(name).get(0);
    }

    private int adminPort(String name) {
        return ports.get(name).get(1);
    }

    private int respPort(String name) {
        return ports.get(name).get(2);
    }
}
