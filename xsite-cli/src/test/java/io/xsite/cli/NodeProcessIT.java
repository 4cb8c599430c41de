package io.xsite.cli;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code bin/xsite node} processes on loopback form one view; a member killed with SIGKILL is
 * excluded by failure detection, a member stopped with SIGTERM leaves gracefully and exits 0.
 */
class NodeProcessIT {
    /**
     * Crash detection: a lost connection or {@code SUSPECT_TIMEOUT} of silence makes a member suspected,
     * and it is excluded after {@code VERIFY_TIMEOUT} without an answer; so no exclusion by failure
     * detection takes less than {@code VERIFY_TIMEOUT}, which makes a faster one a graceful leave.
     */
    private static final Duration VERIFY_TIMEOUT = ofSeconds(3);
    private static final Duration GRACEFUL_LEAVE = ofMillis(2_000);
    private static final List<String> NAMES = List.of("A", "B", "C");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, LauncherProcess> members = new LinkedHashMap<>();
    private final Map<String, Integer> adminPorts = new LinkedHashMap<>();

    @TempDir
    Path workingDirectory;

    @AfterEach
    void killEveryMember() {
        members.forEach((name, member) -> {
            member.close();
            // The output file of this test keeps each member's log, for when a step failed.
            System.err.println("---- member " + name + " stderr ----");
            member.err().forEach(System.err::println);
        });
    }

    @Test
    void aKilledMemberIsExcludedAndAStoppedMemberLeavesGracefully() throws Exception {
        int[] ports = freePorts(2 * NAMES.size());
        String discovery = "static:" + IntStream.range(0, NAMES.size())
                .mapToObj(i -> "127.0.0.1[" + ports[i] + "]").collect(Collectors.joining(","));
        for (int i = 0; i < NAMES.size(); i++) {
            startMember(NAMES.get(i), ports[i], ports[NAMES.size() + i], discovery);
        }

        await("every member's view lists all three").atMost(ofSeconds(30)).pollInterval(ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> assertViews(NAMES, NAMES));
        assertThat(members.values()).allSatisfy(member -> assertThat(member.command()).as("the launcher exec'ed java")
                .hasValueSatisfying(command -> assertThat(Path.of(command).getFileName()).hasToString("java")));
        assertThat(siteOf("A")).as("SITE, the reference deployment's name, reached the member").isEqualTo("lab");

        String crashed = coordinatorSeenBy("A");
        members.get(crashed).kill();
        List<String> survivors = NAMES.stream().filter(name -> !name.equals(crashed)).toList();
        await("the survivors exclude the killed coordinator " + crashed).atMost(ofSeconds(10))
                .pollInterval(ofMillis(200))
                .untilAsserted(() -> assertViews(survivors, survivors));

        String stopped = survivors.get(0);
        String last = survivors.get(1);
        members.get(stopped).signalTerminate();
        await(stopped + " leaves gracefully: " + last + " is alone sooner than failure detection could exclude it")
                .atMost(GRACEFUL_LEAVE).pollInterval(ofMillis(50))
                .untilAsserted(() -> assertThat(view(last)).containsExactly(last));
        assertThat(members.get(stopped).awaitExit()).as(stopped + "'s exit code after SIGTERM").isZero();
        assertThat(members.get(stopped).out()).as("a member prints nothing on stdout").isEmpty();
        assertThat(members.get(stopped).err()).anyMatch(line -> line.contains("node configuration: cluster=it"))
                .anyMatch(line -> line.contains("left the cluster"));
    }

    private void startMember(String name, int port, int adminPort, String discovery) throws IOException {
        Map<String, String> environment = Map.of(
                "XSITE_JAVA_OPTS", "-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "SITE", "lab",
                "XSITE_NODE_HEARTBEAT_INTERVAL", "250ms",
                "XSITE_NODE_SUSPECT_TIMEOUT", "2s",
                "XSITE_NODE_VERIFY_TIMEOUT", VERIFY_TIMEOUT.toMillis() + "ms");
        adminPorts.put(name, adminPort);
        members.put(name, LauncherProcess.start(workingDirectory, environment, "node", "--cluster", "it",
                "--name", name, "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--admin-port", Integer.toString(adminPort), "--discovery", discovery, "--resp-port", "-1"));
    }

    /** Each of {@code observers} has a view of exactly {@code expected}. */
    private void assertViews(List<String> observers, List<String> expected) throws IOException, InterruptedException {
        for (String name : observers) {
            assertThat(view(name)).as(name + "'s view").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** The member names in {@code name}'s current view, from its admin endpoint's {@code /view}. */
    private List<String> view(String name) throws IOException, InterruptedException {
        JsonNode members = viewJson(name).path("members");
        return StreamSupport.stream(members.spliterator(), false).map(JsonNode::asText).toList();
    }

    private String coordinatorSeenBy(String name) throws IOException, InterruptedException {
        return viewJson(name).path("coordinator").asText();
    }

    private String siteOf(String name) throws IOException, InterruptedException {
        return viewJson(name).path("site").asText();
    }

    private JsonNode viewJson(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminPorts.get(name) + "/view")).timeout(ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(name + "'s /view status").isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Distinct loopback ports that were free a moment ago: all bound at once, then released. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
