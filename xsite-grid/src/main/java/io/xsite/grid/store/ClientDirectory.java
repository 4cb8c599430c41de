package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.ClientTopology;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RESP endpoints of the site's members (each member's travels in its {@link GridMessage.ViewState}) and the
 * {@link ClientTopology} of every cache built from them and the placement. Confined to the grid thread, except
 * {@link #topology}, which the RESP server's event loops read: every change publishes new immutable snapshots.
 */
final class ClientDirectory {
    private final UuidAddress self;
    private final Map<UuidAddress, InetSocketAddress> endpoints = new HashMap<>();
    /** Written on the grid thread only; volatile so that the RESP loops see each new snapshot whole. */
    private volatile Map<String, ClientTopology> published = Map.of();

    ClientDirectory(UuidAddress self) {
        this.self = self;
    }

    /** This member's own endpoint, once advertised. */
    Optional<InetSocketAddress> own() {
        return Optional.ofNullable(endpoints.get(self));
    }

    /** Records {@code member}'s endpoint; true if it is new or changed. */
    boolean learn(UuidAddress member, InetSocketAddress endpoint) {
        return !endpoint.equals(endpoints.put(member, endpoint));
    }

    /** Forgets the endpoints of members outside {@code members} (they left the view). */
    void retain(Collection<UuidAddress> members) {
        endpoints.keySet().removeIf(member -> !member.equals(self) && !members.contains(member));
    }

    /** Builds and publishes every cache's topology from the replicas' placements; nothing before advertising. */
    void publish(Collection<CacheReplica> replicas) {
        InetSocketAddress own = endpoints.get(self);
        if (own == null) {
            return;
        }
        Map<UuidAddress, ClientTopology.Node> nodes = new LinkedHashMap<>();
        nodes.put(self, node(self, own));
        endpoints.forEach((member, endpoint) -> nodes.putIfAbsent(member, node(member, endpoint)));
        ClientTopology.Node me = nodes.get(self);
        Map<String, ClientTopology> next = new HashMap<>();
        for (CacheReplica replica : replicas) {
            List<List<ClientTopology.Node>> owners = new ArrayList<>(replica.segments());
            for (int segment = 0; segment < replica.segments(); segment++) {
                List<UuidAddress> members = replica.owners(segment);
                List<ClientTopology.Node> known = new ArrayList<>(members.size());
                if (members.isEmpty() || !nodes.containsKey(members.get(0))) {
                    known.add(me); // its primary's endpoint is unknown yet: this member forwards
                } else {
                    members.stream().map(nodes::get).filter(n -> n != null).forEach(known::add);
                }
                owners.add(known);
            }
            next.put(replica.name(), new ClientTopology(replica.segments(), me, List.copyOf(nodes.values()), owners));
        }
        published = Map.copyOf(next);
    }

    /** The latest topology of {@code cache}; any thread. */
    Optional<ClientTopology> topology(String cache) {
        return Optional.ofNullable(published.get(cache));
    }

    private static ClientTopology.Node node(UuidAddress member, InetSocketAddress endpoint) {
        return new ClientTopology.Node(ClientTopology.idOf(member.msb(), member.lsb()),
                member.name() == null ? member.toString() : member.name(), endpoint);
    }
}
