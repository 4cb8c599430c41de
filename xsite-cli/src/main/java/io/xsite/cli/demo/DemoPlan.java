package io.xsite.cli.demo;

import io.xsite.core.discovery.LoopbackPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The demo's members with their ports (tcp, RESP, admin): every member of every site, then the visitor, who
 * belongs to its site's discovery list (so the others find it) but may not become a site master.
 *
 * @param layout  what the plan was made from
 * @param members the members the demo starts, site by site
 * @param visitor the chatting member
 */
public record DemoPlan(DemoLayout layout, List<DemoMember> members, DemoMember visitor) {
    /** A tcp port, a RESP port and an admin port. */
    private static final int PORTS_PER_MEMBER = 3;

    public DemoPlan {
        Objects.requireNonNull(layout, "layout");
        members = List.copyOf(members);
        Objects.requireNonNull(visitor, "visitor");
    }

    /** A plan for {@code layout} on free loopback ports. */
    public static DemoPlan allocate(DemoLayout layout) {
        return onPorts(layout, LoopbackPorts.free(PORTS_PER_MEMBER * (layout.memberCount() + 1)));
    }

    /**
     * A plan for {@code layout} on {@code ports}: first the tcp ports, one per member site by site in start
     * order and then the visitor's; then the RESP ports in the same order; then the admin ports.
     */
    static DemoPlan onPorts(DemoLayout layout, List<Integer> ports) {
        int everyone = layout.memberCount() + 1;
        if (ports.size() != PORTS_PER_MEMBER * everyone || ports.stream().distinct().count() != ports.size()) {
            throw new IllegalArgumentException("need " + PORTS_PER_MEMBER * everyone + " distinct ports: " + ports);
        }
        List<Integer> tcp = ports.subList(0, everyone);
        List<Integer> resp = ports.subList(everyone, 2 * everyone);
        List<Integer> admin = ports.subList(2 * everyone, 3 * everyone);
        int visitor = everyone - 1;
        List<DemoMember> members = new ArrayList<>();
        List<Integer> visitorSitePorts = List.of();
        int next = 0;
        for (DemoSite site : layout.sites()) {
            List<Integer> sitePorts = new ArrayList<>(tcp.subList(next, next + site.members()));
            if (site.name().equals(layout.visitorSite())) {
                sitePorts.add(tcp.get(visitor));
                visitorSitePorts = sitePorts;
            }
            List<String> others = others(layout, site.name());
            List<String> names = site.memberNames();
            for (int i = 0; i < names.size(); i++) {
                members.add(new DemoMember(names.get(i), site.name(), tcp.get(next + i), sitePorts, true,
                        resp.get(next + i), admin.get(next + i), others));
            }
            next += site.members();
        }
        return new DemoPlan(layout, members, new DemoMember(layout.visitor(), layout.visitorSite(), tcp.get(visitor),
                visitorSitePorts, false, resp.get(visitor), admin.get(visitor), others(layout, layout.visitorSite())));
    }

    /** The members of {@code site}, the visitor included where it belongs to it. */
    public List<DemoMember> site(String site) {
        List<DemoMember> members = new ArrayList<>(this.members.stream().filter(m -> m.site().equals(site)).toList());
        if (visitor.site().equals(site)) {
            members.add(visitor);
        }
        return List.copyOf(members);
    }

    private static List<String> others(DemoLayout layout, String site) {
        return layout.siteNames().stream().filter(name -> !name.equals(site)).toList();
    }
}
