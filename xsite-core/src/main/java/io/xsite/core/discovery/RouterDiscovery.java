package io.xsite.core.discovery;

import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.PingData;
import io.xsite.core.transport.tunnel.RouterHosts;
import io.xsite.core.internal.tunnel.RouterMember;
import io.xsite.core.internal.tunnel.RouterMembersQuery;
import io.xsite.net.tls.ConnectionSecurity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery through gossip routers: the members registered under the cluster name on every router, asked
 * for with one {@link RouterMembersQuery} per router, all routers in parallel, merged in router-list order.
 * Each candidate carries the member's logical address and, when the router knows it, the physical address
 * it registered with. A member registered on several routers is one candidate; this member itself is
 * among the candidates once it is registered. A router that cannot be reached or fails is skipped
 * (logged once per outage, see {@link FailureLog}).
 *
 * <p>Queries block, so they run on this discovery's own threads ({@code xsite-discovery-router}). A JGroups
 * router does not answer for a group it does not know, so a router where nobody of the cluster is registered
 * costs {@code queryTimeout} before it counts as empty.
 */
final class RouterDiscovery implements Discovery {
    private static final Logger log = LoggerFactory.getLogger(RouterDiscovery.class);

    private final String cluster;
    private final Duration queryTimeout;
    private final ConnectionSecurity security;
    private final ParallelLookup<InetSocketAddress> lookup;
    private final FailureLog failures = new FailureLog(log);

    /**
     * @param cluster      the group whose members are wanted (the cluster name members register under)
     * @param routers      the routers to ask; at least one
     * @param queryTimeout how long one router may take to connect and answer
     * @param security     what secures each query's connection (TLS: the router must prove it is one)
     */
    public RouterDiscovery(String cluster, List<InetSocketAddress> routers, Duration queryTimeout,
                           ConnectionSecurity security) {
        this.security = Objects.requireNonNull(security, "security");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive: " + queryTimeout);
        }
        this.lookup = new ParallelLookup<>("xsite-discovery-router", Objects.requireNonNull(routers, "routers"),
                this::ask);
    }

    @Override
    public CompletionStage<List<Candidate>> find() {
        return lookup.run();
    }

    @Override
    public void close() {
        lookup.close();
    }

    private List<Candidate> ask(InetSocketAddress router) {
        String source = "router " + RouterHosts.format(router) + " (members of " + cluster + ")";
        List<RouterMember> members;
        try {
            members = RouterMembersQuery.query(router, cluster, queryTimeout, security);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                // The discovery was closed (its member joined or stopped) while this query ran: no failure.
                return List.of();
            }
            // Unreachable, dropped or sent garbage: every case means this router has nothing for us now.
            failures.failed(source, e.getMessage());
            return List.of();
        }
        failures.succeeded(source);
        List<Candidate> found = new ArrayList<>(members.size());
        for (RouterMember member : members) {
            Candidate candidate = candidate(member.ping());
            if (candidate != null) {
                found.add(candidate);
            }
        }
        log.debug("router {} lists {} member(s) of {}", RouterHosts.format(router), found.size(), cluster);
        return found;
    }

    /** The candidate a router entry names, or null when it names neither a UUID member nor an IP address. */
    private static Candidate candidate(PingData ping) {
        // A JGroups member registers with one of its UUID kinds; any other sender cannot be one of ours.
        UuidAddress member = ping.sender() instanceof UuidAddress uuid ? uuid : null;
        InetSocketAddress physical = ping.physical() instanceof IpAddress ip && ip.ip() != null
                ? new InetSocketAddress(ip.ip(), ip.port()) : null;
        return member == null && physical == null ? null : new Candidate(member, physical);
    }
}
