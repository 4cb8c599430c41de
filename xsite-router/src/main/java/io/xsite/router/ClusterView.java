package io.xsite.router;

import io.xsite.wire.address.Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One group as the admin endpoint's {@code /clusters} shows it (serialized by Jackson).
 *
 * @param group   the group (cluster name)
 * @param members its registered members, ordered by address
 */
public record ClusterView(String group, List<Member> members) {
    public ClusterView {
        members = List.copyOf(members);
    }

    /**
     * One registered member.
     *
     * @param address    the logical address as text
     * @param name       the logical name; nullable
     * @param physical   the advertised physical address as text; nullable
     * @param connection the client connection's peer address, {@code ip:port}
     */
    public record Member(String address, String name, String physical, String connection) {
    }

    /** Copies the routing table's groups; a registration that comes or goes meanwhile may or may not show. */
    static List<ClusterView> of(Map<String, Map<Address, Registration>> groups) {
        List<ClusterView> views = new ArrayList<>(groups.size());
        for (Map.Entry<String, Map<Address, Registration>> group : groups.entrySet()) {
            List<Member> members = new ArrayList<>(group.getValue().size());
            for (Registration registration : group.getValue().values()) {
                members.add(new Member(registration.address().toString(), registration.name(),
                        registration.physical() == null ? null : registration.physical().toString(),
                        hostAndPort(registration.connection().peer())));
            }
            members.sort(Comparator.comparing(Member::address));
            views.add(new ClusterView(group.getKey(), members));
        }
        views.sort(Comparator.comparing(ClusterView::group));
        return views;
    }

    /** Netty prints peers as {@code /ip:port} (or {@code host/ip:port}); operators want {@code ip:port}. */
    private static String hostAndPort(String peer) {
        int slash = peer.indexOf('/');
        return slash < 0 ? peer : peer.substring(slash + 1);
    }
}
