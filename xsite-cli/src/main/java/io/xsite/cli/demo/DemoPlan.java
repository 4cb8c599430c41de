package io.xsite.cli.demo;

import io.xsite.core.discovery.LoopbackPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo's members with their ports: every member of every site, then the visitor, who belongs to its
 * site's discovery list (so the others find it) but may not become a site master.
 *
 * @param layout  what the plan was made from
 * @param members the members the demo starts, site by site
 * @param visitor the chatting member
 */
public record DemoPlan(DemoLayout layout, List<DemoMember> members, DemoMember visitor) {
    public DemoPlan {
        Objects.requireNonNull(layout, "layout");
        members = List.copyOf(members);
        Objects.requireNonNull(visitor, "visitor");
    }

    /** A plan for {@code layout} on free loopback ports. */
    public static DemoPlan allocate(DemoLayout layout) {
        return onPorts(layout, LoopbackPorts.free(layout.memberCount() + 1));
    }

    /**
     * A plan for {@code layout} on {@code ports}: one per member, site by site in start order, then the
     * visitor's.
     */
    static DemoPlan onPorts(DemoLayout layout, List<Integer> ports) {
        if (ports.size() != layout.memberCount() + 1 || ports.stream().distinct().count() != ports.size()) {
            throw new IllegalArgumentException("need " + (layout.memberCount() + 1) + " distinct ports: " + ports);
        }
        List<DemoMember> members = new ArrayList<>();
        int visitorPort = ports.get(ports.size() - 1);
        int next = 0;
        for (DemoSite site : layout.sites()) {
            List<Integer> sitePorts = new ArrayList<>(ports.subList(next, next + site.members()));
            next += site.members();
            if (site.name().equals(layout.visitorSite())) {
                sitePorts.add(visitorPort);
            }
            List<String> names = site.memberNames();
            for (int i = 0; i < names.size(); i++) {
                members.add(new DemoMember(names.get(i), site.name(), sitePorts.get(i), sitePorts, true));
            }
        }
        List<Integer> visitorSitePorts = members.stream().filter(m -> m.site().equals(layout.visitorSite()))
                .findFirst().orElseThrow().sitePorts();
        return new DemoPlan(layout, members,
                new DemoMember(layout.visitor(), layout.visitorSite(), visitorPort, visitorSitePorts, false));
    }
}
