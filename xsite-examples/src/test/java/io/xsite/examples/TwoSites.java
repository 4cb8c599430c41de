package io.xsite.examples;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.discovery.LoopbackPorts;
import io.xsite.relay.RelayNode;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Sites nyc (members A and B) and sfc (member X) on loopback, started with {@link CrossSiteNode#join}, bridged
 * through one gossip router in this JVM; what each node hears is kept by name. Closes what it started.
 */
final class TwoSites implements AutoCloseable {
    private final GossipRouter router = GossipRouter.start(RouterConfig.loopback());
    private final List<RelayNode> nodes = new ArrayList<>();
    private final Map<String, Queue<String>> heard = new LinkedHashMap<>();
    private final List<RelayNode> nyc;
    private final List<RelayNode> sfc;

    private TwoSites() {
        nyc = startSite("nyc", "A", "B");
        sfc = startSite("sfc", "X");
    }

    /** Starts both sites and waits until every node sees both, whole. */
    static TwoSites start() {
        TwoSites sites = new TwoSites();
        try {
            sites.awaitTopology(Map.of("nyc", 2, "sfc", 1));
            return sites;
        } catch (RuntimeException | Error e) {
            sites.close();
            throw e;
        }
    }

    /** A (nyc's first member: its site master) and B. */
    List<RelayNode> nyc() {
        return nyc;
    }

    /** X, sfc's one member. */
    RelayNode x() {
        return sfc.get(0);
    }

    /** Starts the members {@code names} of {@code site}, the first one first (it becomes site master). */
    private List<RelayNode> startSite(String site, String... names) {
        List<Integer> ports = LoopbackPorts.free(names.length);
        String members = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<RelayNode> started = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            Queue<String> queue = new ConcurrentLinkedQueue<>();
            heard.put(names[i], queue);
            RelayNode node = CrossSiteNode.join(site, names[i], ports.get(i), members, router.address(), queue::add);
            nodes.add(node);
            started.add(node);
        }
        return started;
    }

    /** Waits until every node knows every site with all of its members. */
    void awaitTopology(Map<String, Integer> membersBySite) {
        await("every node sees " + membersBySite).atMost(ofSeconds(60)).untilAsserted(() -> {
            for (RelayNode node : nodes) {
                membersBySite.forEach((site, count) -> assertThat(node.topology().get(site))
                        .as("%s seen by %s", site, node.name()).isNotNull()
                        .satisfies(view -> assertThat(view.members()).hasSize(count)));
            }
        });
    }

    /** What {@code name} has heard so far. */
    Queue<String> heardBy(String name) {
        return heard.get(name);
    }

    /** Forgets a node the test crashed. */
    void forget(RelayNode node) {
        nodes.remove(node);
    }

    @Override
    public void close() {
        RelayNode.closeAll(nodes);
        router.close();
    }
}
