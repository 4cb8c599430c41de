package io.xsite.it.netns;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.it.netns.AdminDocuments.SiteState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The routers and the {@code bin/xsite node} processes of both sites that a netns scenario class runs, by host:
 * starts them, restarts what a scenario killed, and waits until both sites see each other whole.
 */
final class SiteProcesses {
    /** Each member's admin endpoint (the reference deployment's port). */
    static final int MEMBER_ADMIN_PORT = 8080;
    /** Each router's admin endpoint. */
    static final int ROUTER_ADMIN_PORT = 12002;
    /** Starting ten JVMs with TLS on a CI machine shared with other builds can take a minute by itself. */
    private static final Duration CONVERGED = ofSeconds(120);

    private final Netns net;
    private final List<String> nyc;
    private final List<String> sfc;
    private final Function<String, Map<String, String>> nodeEnvironment;
    private final Map<String, XsiteProcess> processes = new ConcurrentHashMap<>();

    /**
     * @param nyc             the members of nyc that run
     * @param sfc             the members of sfc that run
     * @param nodeEnvironment what each member's node gets on top of xsite.sh's environment (the grid's settings,
     *                        say), by member
     */
    SiteProcesses(Netns net, List<String> nyc, List<String> sfc, Function<String, Map<String, String>> nodeEnvironment) {
        this.net = net;
        this.nyc = List.copyOf(nyc);
        this.sfc = List.copyOf(sfc);
        this.nodeEnvironment = nodeEnvironment;
    }

    /** Starts both routers and every member, and waits until both sites see each other whole. */
    void startAll() {
        net.routers().forEach(this::startRouter);
        members().forEach(this::startNode);
        awaitFullTopology("every node started");
    }

    /** The running process of {@code host}, a router or a member. */
    XsiteProcess get(String host) {
        return processes.get(host);
    }

    /** Starts the router {@code router}, in place of any earlier process of it. */
    void startRouter(String router) {
        processes.put(router, net.start(router, "router"));
    }

    /** Starts the node {@code member}, in place of any earlier process of it. */
    void startNode(String member) {
        processes.put(member, net.start(member, nodeEnvironment.apply(member), "node"));
    }

    /** Kills {@code member}'s node if it still runs, starts it again and waits until both sites are whole. */
    void restartNode(String member) throws InterruptedException {
        XsiteProcess old = processes.get(member);
        if (old.isAlive()) {
            old.kill();
        }
        startNode(member);
        awaitFullTopology(member + " restarted");
    }

    /** Both sites' members that run, nyc's first. */
    List<String> members() {
        return Stream.concat(nyc.stream(), sfc.stream()).toList();
    }

    /** Waits until nyc's and sfc's first members see both sites with every member and one site master each. */
    void awaitFullTopology(String after) {
        await("after " + after + ": " + nyc.get(0) + " and " + sfc.get(0)
                + " see both sites complete, each with a site master")
                .atMost(CONVERGED).pollInterval(ofMillis(250)).untilAsserted(() -> {
                    for (String observer : List.of(nyc.get(0), sfc.get(0))) {
                        Map<String, SiteState> sites = topology(observer);
                        assertThat(sites).as("seen from %s", observer).containsKeys("nyc", "sfc");
                        assertThat(sites.get("nyc").members()).containsExactlyInAnyOrderElementsOf(nyc);
                        assertThat(sites.get("sfc").members()).containsExactlyInAnyOrderElementsOf(sfc);
                        assertThat(sites.get("nyc").siteMasters()).hasSize(1);
                        assertThat(sites.get("sfc").siteMasters()).hasSize(1);
                    }
                });
    }

    /** The topology as {@code member} sees it; empty while its admin endpoint does not answer. */
    Map<String, SiteState> topology(String member) {
        return net.get(member, MEMBER_ADMIN_PORT, "/topology").map(AdminDocuments::sites).orElse(Map.of());
    }

    /**
     * The sum of the series of {@code name} whose labels contain {@code label}, from {@code host}'s Prometheus text
     * at {@code path} on {@code adminPort}; 0 while it does not answer.
     */
    double metric(String host, int adminPort, String path, String name, String label) {
        return net.get(host, adminPort, path).stream().flatMap(String::lines)
                .filter(line -> line.startsWith(name) && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
