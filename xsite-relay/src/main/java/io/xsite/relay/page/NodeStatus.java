package io.xsite.relay.page;

import io.xsite.core.member.Member;
import io.xsite.core.membership.View;
import io.xsite.core.transport.tunnel.RouterHosts;
import io.xsite.relay.internal.bridge.RouterState;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the live page shows of one node at one moment.
 *
 * @param site    the node's site
 * @param member  the node's logical name
 * @param view    the local site's view as this node installed it; empty before it joined
 * @param sites   every site that is up, by name, as the site masters describe it (the node's topology)
 * @param routers every router of every bridge, with whether this node is connected to it (only while it runs
 *                bridge members: as a site master, or as the standby once another site is up)
 */
public record NodeStatus(String site, String member, Optional<View> view, Map<String, SiteView> sites,
                         List<RouterState> routers) {
    public NodeStatus {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(view, "view");
        sites = Map.copyOf(sites);
        routers = List.copyOf(routers);
    }

    /**
     * The status of {@code member}, a member that runs without relay: its cluster is the one site (named after
     * the member's site, else its cluster), its view the site's members, with no site masters and no routers.
     * Of the physical addresses only the member's own is known here. Any thread.
     */
    public static NodeStatus ofMember(Member member) {
        String site = member.site() != null ? member.site() : member.cluster();
        Optional<View> view = Optional.ofNullable(member.view());
        Map<String, SiteView> sites = view.map(v -> {
            List<MemberInfo> members = v.members().stream().map(m -> new MemberInfo(m,
                    m.equals(member.address()) ? RouterHosts.format(member.physicalAddress()) : "")).toList();
            return Map.of(site, new SiteView(site, SiteView.version(v.id().sequence(), 0), members, List.of()));
        }).orElse(Map.of());
        return new NodeStatus(site, member.name(), view, sites, List.of());
    }
}
