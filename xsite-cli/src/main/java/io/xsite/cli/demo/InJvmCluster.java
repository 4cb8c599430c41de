package io.xsite.cli.demo;

import io.xsite.core.address.UuidAddress;
import io.xsite.core.admin.AdminAccess;
import io.xsite.core.membership.View;
import io.xsite.relay.DemoRelayCrash;
import io.xsite.relay.RelayNode;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The demo's routers and members in this JVM: {@link GossipRouter}s on free loopback ports and one
 * {@link RelayNode} per member of {@link DemoPlan#members()}. The benchmark starts the demo through this
 * class too, so that it measures what the demo runs.
 */
public final class InJvmCluster implements DemoCluster {
    private final DemoPlan plan;
    private final List<GossipRouter> routers;
    private final Map<String, RelayNode> nodes;

    private InJvmCluster(DemoPlan plan, List<GossipRouter> routers, Map<String, RelayNode> nodes) {
        this.plan = plan;
        this.routers = routers;
        this.nodes = nodes;
    }

    /**
     * Starts the routers, then every member at once, all with TLS material from {@code pki}; {@code prepare} sees
     * each node right after it started (to attach a responder). If anything fails to start, what did start is
     * closed.
     */
    public static InJvmCluster start(DemoPlan plan, DemoPki pki, Consumer<RelayNode> prepare) {
        List<GossipRouter> routers = new ArrayList<>();
        Map<String, RelayNode> nodes = new LinkedHashMap<>();
        InJvmCluster cluster = new InJvmCluster(plan, routers, nodes);
        try {
            for (int i = 0; i < plan.layout().routers(); i++) {
                routers.add(GossipRouter.start(RouterConfig.loopback(), pki.routerTls(),
                        Set.of(plan.layout().bridge()), AdminAccess.OPEN));
            }
            List<InetSocketAddress> addresses = cluster.routers();
            List<RelayNode> started = StartTogether.run(plan.members(), member -> {
                RelayNode node = RelayNode.start(member.relayConfig(plan.layout().bridge(), addresses,
                        pki.siteTls(member.site())));
                prepare.accept(node);
                return node;
            }, RelayNode::close);
            for (int i = 0; i < started.size(); i++) {
                nodes.put(plan.members().get(i).name(), started.get(i));
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The running node of member {@code name}. */
    public RelayNode node(String name) {
        synchronized (nodes) {
            RelayNode node = nodes.get(name);
            if (node == null) {
                throw new IllegalArgumentException("no running member " + name + " (running: " + nodes.keySet() + ")");
            }
            return node;
        }
    }

    @Override
    public List<InetSocketAddress> routers() {
        return routers.stream().map(GossipRouter::address).toList();
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < routers.size(); i++) {
            GossipRouter router = routers.get(i);
            lines.add(String.format("router-%d  %s (admin %s)", i + 1, hostPort(router.address()),
                    router.adminAddress().map(InJvmCluster::hostPort).orElse("off")));
        }
        for (DemoMember member : plan.members()) {
            lines.add(String.format("%-8s site %s, tcp 127.0.0.1:%d, this JVM", member.name(), member.site(),
                    member.port()));
        }
        return lines;
    }

    /** Nothing in this JVM ends by itself: a failing member throws from its own calls instead. */
    @Override
    public Optional<String> unexpectedExit() {
        return Optional.empty();
    }

    @Override
    public String crash(String name) {
        RelayNode node = node(name);
        synchronized (nodes) {
            nodes.remove(name);
        }
        DemoRelayCrash.crash(node);
        return "stopped at once in this JVM, sockets closed, no leave";
    }

    /**
     * Stops every member, then the routers. The members of a site leave one at a time, youngest first, so that
     * each leave is a view change the others have installed before the leaver closes its connections (members
     * leaving all at once would each find the others gone and suspect them); the sites leave side by side.
     */
    @Override
    public void close() {
        List<RelayNode> running;
        synchronized (nodes) {
            running = List.copyOf(nodes.values());
            nodes.clear();
        }
        running.stream().collect(Collectors.groupingBy(RelayNode::site)).values().parallelStream()
                .forEach(site -> youngestFirst(site).forEach(RelayNode::close));
        routers.forEach(GossipRouter::close);
    }

    /** {@code site}'s nodes, the youngest member of the site's view first; the coordinator, oldest, leaves last. */
    private static List<RelayNode> youngestFirst(List<RelayNode> site) {
        View local = site.get(0).localView();
        List<UuidAddress> view = local == null ? List.of() : local.members();
        return site.stream().sorted(Comparator.comparingInt((RelayNode node) -> view.indexOf(node.address()))
                .reversed()).toList();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
