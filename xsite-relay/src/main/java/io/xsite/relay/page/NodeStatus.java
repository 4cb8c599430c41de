package io.xsite.relay.page;

import io.xsite.core.membership.View;
import io.xsite.relay.bridge.RouterState;
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
 * @param routers every router of every bridge, with whether this node is connected to it (only site masters
 *                are: they run the bridge members)
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
}
