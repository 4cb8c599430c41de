package io.xsite.bench.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xsite.core.discovery.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An xsite site of {@code members} {@code xsite node} processes on loopback (each its own JVM, as in production,
 * started from this JVM's class path), serving the grid's {@code default} cache (2 owners) over RESP; the load
 * goes to the first member, which forwards what it is not primary of. Memory is measured twice: every member's
 * heap after a full GC (jcmd), and the store's own estimate {@code xsite_grid_memory_bytes}, both summed over
 * the members.
 */
final class XsiteSiteTarget implements GridTarget {
    static final String NAME = "xsite";
    private static final String MAIN = "io.xsite.cli.XsiteCommand";
    private static final int OWNERS = 2;
    private static final String MEMORY_METRIC = "xsite_grid_memory_bytes{";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final List<Node> nodes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    private XsiteSiteTarget(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** One member: its process and its ports. */
    private record Node(ServerProcess process, int memberPort, int adminPort, int respPort) {
    }

    /**
     * Starts {@code members} nodes under {@code nice -n niceness}, each JVM with {@code jvmOptions}, and waits
     * until every one sees all of them and the grid has settled (no rebalance pending).
     */
    static XsiteSiteTarget start(int members, int niceness, List<String> jvmOptions, Duration timeout)
            throws InterruptedException {
        List<Integer> ports = LoopbackPorts.free(3 * members);
        String discovery = "static:" + IntStream.range(0, members).mapToObj(i -> "127.0.0.1[" + ports.get(i) + "]")
                .collect(Collectors.joining(","));
        List<Node> nodes = new ArrayList<>();
        XsiteSiteTarget site = new XsiteSiteTarget(nodes);
        try {
            for (int i = 0; i < members; i++) {
                int member = ports.get(i);
                int admin = ports.get(members + i);
                int resp = ports.get(2 * members + i);
                ServerProcess process = ServerProcess.start("xsite node-" + i, niceness, ServerProcess.java(jvmOptions,
                        MAIN, List.of("node", "--cluster", "grid-bench", "--name", "node-" + i, "--bind", "127.0.0.1",
                                "--port", String.valueOf(member), "--admin-port", String.valueOf(admin),
                                "--resp-port", String.valueOf(resp), "--discovery", discovery)));
                nodes.add(new Node(process, member, admin, resp));
            }
            for (Node node : nodes) {
                Ready.await(node.process().name() + " seeing " + members + " members with its grid settled", timeout,
                        node.process(), () -> site.settled(node, members));
            }
            return site;
        } catch (RuntimeException | InterruptedException e) {
            site.close();
            throw e;
        }
    }

    private boolean settled(Node node, int members) throws IOException, InterruptedException {
        if (get(node, "/view").path("members").size() != members) {
            return false;
        }
        for (JsonNode cache : get(node, "/grid/status").path("caches")) {
            if (cache.path("rebalancing").asBoolean(true)) {
                return false;
            }
        }
        return true;
    }

    private JsonNode get(Node node, String path) throws IOException, InterruptedException {
        return json.readTree(text(node, path));
    }

    private String text(Node node, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + node.adminPort() + path)).timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(node.process().name() + " answered " + path + " with " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InetSocketAddress resp() {
        return new InetSocketAddress("127.0.0.1", nodes.get(0).respPort());
    }

    @Override
    public int copies() {
        return OWNERS;
    }

    @Override
    public MemorySample memory() throws IOException, InterruptedException {
        long heap = 0;
        long accounted = 0;
        for (Node node : nodes) {
            heap += node.process().heapUsedAfterGc();
            accounted += text(node, "/grid/metrics").lines().filter(line -> line.startsWith(MEMORY_METRIC))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }
        return new MemorySample(heap, accounted);
    }

    @Override
    public void close() {
        nodes.forEach(node -> node.process().close());
    }
}
