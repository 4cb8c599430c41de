package io.xsite.relay.probe;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import io.xsite.relay.RelayNode;
import io.xsite.relay.RelaySites;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Two real routers, site nyc (3 relay nodes) and sfc (2), every node with an admin endpoint on a free
 * port and the probe installed (nyc's with a delegate answering "pong"); started once the topology
 * converged. Closes what it started. Public, in the test-jar, for the CLI's probe tests.
 */
public final class ProbeCluster implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final GossipRouter routerA = GossipRouter.start(RouterConfig.loopback());
    private final GossipRouter routerB = GossipRouter.start(RouterConfig.loopback());
    private final RelaySites sites = new RelaySites();
    /** nyc0, nyc1, nyc2. */
    public final List<RelayNode> nyc;
    /** sfc0, sfc1. */
    public final List<RelayNode> sfc;

    /** Starts the routers and both sites; returns once every node sees both sites. */
    public ProbeCluster() {
        List<BridgeConfig> bridge = List.of(new BridgeConfig("bridge", List.of(routerA.address(), routerB.address())));
        nyc = sites.start("nyc", 3, 1, bridge, List.of(), 0);
        sfc = sites.start("sfc", 2, 1, bridge, List.of(), 0);
        nyc.forEach(node -> ProbeService.install(node, request -> "pong".getBytes(StandardCharsets.UTF_8)));
        sfc.forEach(ProbeService::install);
        await("topology converges at every node").atMost(ofSeconds(20))
                .untilAsserted(() -> RelaySites.assertTopology(all(), 1, "nyc", 3, "sfc", 2));
    }

    /** Every node, nyc's first. */
    public List<RelayNode> all() {
        return Stream.concat(nyc.stream(), sfc.stream()).toList();
    }

    /** Forgets {@code node}: the test crashed it. */
    public void forget(RelayNode node) {
        sites.forget(node);
    }

    /** GET {@code pathAndQuery} on {@code node}'s admin endpoint. */
    public HttpResponse<String> get(RelayNode node, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + node.adminAddress().orElseThrow().getPort() + pathAndQuery);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        sites.close();
        routerA.close();
        routerB.close();
    }
}
