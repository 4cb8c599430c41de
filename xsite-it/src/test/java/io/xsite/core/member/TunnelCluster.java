package io.xsite.core.member;

import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import io.xsite.it.TcpRelay;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real xsite routers on loopback and {@code tunnel} members of one cluster registered with all of them
 * (member {@code i} lists the routers rotated by {@code i}, so with two routers half the members prefer
 * each). Every member's views are recorded from its start. Closes what it started: members gracefully,
 * then relays and routers.
 *
 * <p>Relayed clusters put a {@link TcpRelay} between each member and each router, so {@link #crash}
 * ends a member as a process exit does: its router connections drop without an UNREGISTER and the
 * routers SUSPECT it. Without relays a crash is silent: the member just stops, and only missing
 * heartbeats tell the others.
 */
final class TunnelCluster implements AutoCloseable {
    /**
     * The timeouts of {@link MembershipConfig#loopback()} except a 2 s suspect timeout and 1 s
     * verification: on a loaded two-core machine a whole JVM can stall for a second, which the loopback
     * timeouts take for a crash. For tests that assert that nothing fails; tests that crash members
     * keep the loopback timeouts, under which a false suspicion only delays convergence.
     */
    static final MembershipConfig PATIENT = withDetection(MembershipConfig.loopback(), Duration.ofSeconds(2),
            Duration.ofSeconds(1));

    private final String cluster;
    private final boolean relayed;
    private final MembershipConfig membership;
    private final List<GossipRouter> routers = new ArrayList<>();
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final Map<Member, List<TcpRelay>> relays = new ConcurrentHashMap<>();
    private final Map<Member, List<View>> views = new ConcurrentHashMap<>();

    /** Starts {@code routerCount} routers for {@code cluster}; members are started by {@link #start}. */
    TunnelCluster(String cluster, int routerCount, boolean relayed, MembershipConfig membership) {
        this.cluster = cluster;
        this.relayed = relayed;
        this.membership = membership;
        for (int i = 0; i < routerCount; i++) {
            routers.add(GossipRouter.start(RouterConfig.loopback().withPorts(0, -1)));
        }
    }

    /** A cluster whose members connect to the routers directly, with the {@link #PATIENT} timeouts. */
    TunnelCluster(String cluster, int routerCount) {
        this(cluster, routerCount, false, PATIENT);
    }

    /** Starts member {@code name}; it joins through router discovery. */
    Member start(String name) {
        int index = members.size();
        List<InetSocketAddress> via = new ArrayList<>();
        List<TcpRelay> own = new ArrayList<>();
        for (GossipRouter router : routers) {
            if (relayed) {
                TcpRelay relay = relay(router.address());
                own.add(relay);
                via.add(relay.address());
            } else {
                via.add(router.address());
            }
        }
        Collections.rotate(via, -index);
        Member member = Member.start(MemberConfig.loopback(cluster, name).withTunnel(via).withMembership(membership));
        List<View> history = new CopyOnWriteArrayList<>();
        member.addViewListener(history::add);
        views.put(member, history);
        relays.put(member, own);
        members.add(member);
        return member;
    }

    /** Starts {@code count} members named {@code prefix0, prefix1, ...} at once. */
    List<Member> startAll(String prefix, int count) {
        List<Member> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(start(prefix + i));
        }
        return started;
    }

    /** Ends {@code member} without a leave: its relays are cut first when the cluster is relayed. */
    void crash(Member member) {
        relays.get(member).forEach(TcpRelay::cut);
        member.simulateCrash();
    }

    /** Closes router {@code index} (shut down, not crashed: it sends no SUSPECTs). */
    void closeRouter(int index) {
        routers.get(index).close();
    }

    /** The views {@code member} installed since it started, in order. */
    List<View> views(Member member) {
        return List.copyOf(views.get(member));
    }

    @Override
    public void close() {
        members.forEach(Member::close);
        relays.values().forEach(own -> own.forEach(TcpRelay::close));
        routers.forEach(GossipRouter::close);
    }

    private static MembershipConfig withDetection(MembershipConfig c, Duration suspect, Duration verify) {
        return new MembershipConfig(c.heartbeatInterval(), suspect, verify, c.joinTimeout(), c.discoveryInterval(),
                c.mergeCheckInterval(), c.viewAckTimeout(), c.leaveTimeout(), c.maxJoinBatch());
    }

    private static TcpRelay relay(InetSocketAddress router) {
        try {
            return TcpRelay.to(router);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
