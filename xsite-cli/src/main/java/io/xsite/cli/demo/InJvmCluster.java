package io.xsite.cli.demo;

import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminAccess;
import io.xsite.core.membership.View;
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
 * {@link RelayNode} per member of {@link DemoPlan#members()}, each serving the grid ({@link DemoGrid}). The
 * benchmark starts the demo through this class too, so that it measures what the demo runs.
 */
public final class InJvmCluster implements DemoCluster {
    private final DemoPlan plan;
    private final DemoPki pki;
    private final Consumer<RelayNode> prepare;
    private final List<GossipRouter> routers;
    /** The running members by name; guarded by itself. */
    private final Map<String, Running> nodes = new LinkedHashMap<>();

    /** A member running in this JVM: its relay node and the grid it serves. */
    private record Running(RelayNode node, DemoGrid grid) {
        void close() {
            try {
                grid.close();
            } finally {
                node.close();
            }
        }
    }

    private InJvmCluster(DemoPlan plan, DemoPki pki, Consumer<RelayNode> prepare, List<GossipRouter> routers) {
        this.plan = plan;
        this.pki = pki;
        this.prepare = prepare;
        this.routers = routers;
    }

    /**
     * Starts the routers, then every member at once, all with TLS material from {@code pki}; {@code prepare} sees
     * each node right after it started (to attach a responder), before its grid starts. If anything fails to
     * start, what did start is closed.
     */
    public static InJvmCluster start(DemoPlan plan, DemoPki pki, Consumer<RelayNode> prepare) {
        List<GossipRouter> routers = new ArrayList<>();
        InJvmCluster cluster = new InJvmCluster(plan, pki, prepare, routers);
        try {
            for (int i = 0; i < plan.layout().routers(); i++) {
                routers.add(GossipRouter.start(RouterConfig.loopback(), pki.routerTls(),
                        Set.of(plan.layout().bridge()), AdminAccess.OPEN));
            }
            cluster.startTogether(plan.members());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts {@code members} at once and adds them to the running ones; nothing of them runs if one fails. */
    private void startTogether(List<DemoMember> members) {
        List<Running> started = StartTogether.run(members, this::startMember, Running::close);
        synchronized (nodes) {
            for (int i = 0; i < started.size(); i++) {
                nodes.put(members.get(i).name(), started.get(i));
            }
        }
    }

    private Running startMember(DemoMember member) {
        RelayNode node = RelayNode.start(member.relayConfig(plan.layout().bridge(), routers(),
                pki.siteTls(member.site())));
        try {
            prepare.accept(node);
            return new Running(node, DemoGrid.start(member, node));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** The running node of member {@code name}. */
    public RelayNode node(String name) {
        return running(name).node();
    }

    private Running running(String name) {
        synchronized (nodes) {
            Running running = nodes.get(name);
            if (running == null) {
                throw new IllegalArgumentException("no running member " + name + " (running: " + nodes.keySet() + ")");
            }
            return running;
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
            lines.add(String.format("%-8s site %s, tcp 127.0.0.1:%d, RESP %d, admin %d, this JVM", member.name(),
                    member.site(), member.port(), member.respPort(), member.adminPort()));
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
        Running running = running(name);
        synchronized (nodes) {
            nodes.remove(name);
        }
        running.node().simulateCrash();
        running.grid().close();
        return "stopped at once in this JVM, sockets closed, no leave";
    }

    @Override
    public String restart(List<String> names) {
        List<DemoMember> members = plan.members().stream().filter(member -> names.contains(member.name())).toList();
        synchronized (nodes) {
            members.stream().filter(member -> nodes.containsKey(member.name())).findFirst().ifPresent(member -> {
                throw new IllegalArgumentException(member.name() + " is still running");
            });
        }
        startTogether(members);
        return "started again in this JVM, empty";
    }

    /** Plain: members in this JVM serve RESP on loopback as the visitor does ({@link DemoGrid}). */
    @Override
    public boolean respTls() {
        return false;
    }

    /**
     * Stops every member, then the routers. The members of a site leave one at a time, youngest first, so that
     * each leave is a view change the others have installed before the leaver closes its connections (members
     * leaving all at once would each find the others gone and suspect them); the sites leave side by side.
     */
    @Override
    public void close() {
        List<Running> running;
        synchronized (nodes) {
            running = List.copyOf(nodes.values());
            nodes.clear();
        }
        running.stream().collect(Collectors.groupingBy(member -> member.node().site())).values().parallelStream()
                .forEach(site -> youngestFirst(site).forEach(Running::close));
        routers.forEach(GossipRouter::close);
    }

    /** {@code site}'s nodes, the youngest member of the site's view first; the coordinator, oldest, leaves last. */
    private static List<Running> youngestFirst(List<Running> site) {
        View local = site.get(0).node().localView();
        List<UuidAddress> view = local == null ? List.of() : local.members();
        return site.stream().sorted(Comparator.comparingInt((Running member) -> view.indexOf(member.node().address()))
                .reversed()).toList();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
