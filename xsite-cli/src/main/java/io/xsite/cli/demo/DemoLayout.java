package io.xsite.cli.demo;

import java.util.List;
import java.util.Objects;

/**
 * What the demo runs: its sites, the bridge their site masters share, and the visitor who chats, a member
 * of one of the sites that may never become its site master (so that killing a site master never takes
 * the chat down with it).
 *
 * @param sites       the sites, in start order; at least two, distinct names
 * @param routers     how many gossip routers carry the bridge; at least one
 * @param bridge      the bridge cluster's name
 * @param visitor     the chatting member's name
 * @param visitorSite the site the visitor joins; one of {@code sites}
 */
public record DemoLayout(List<DemoSite> sites, int routers, String bridge, String visitor, String visitorSite) {
    /** The reference scenario: two routers, nyc with 5 members, sfc with 3, and Temp chatting from sfc. */
    public static final DemoLayout STANDARD = new DemoLayout(
            List.of(new DemoSite("nyc", 5), new DemoSite("sfc", 3)), 2, "bridge", "Temp", "sfc");

    public DemoLayout {
        sites = List.copyOf(Objects.requireNonNull(sites, "sites"));
        if (sites.size() < 2) {
            throw new IllegalArgumentException("the demo needs at least two sites: " + sites);
        }
        if (sites.stream().map(DemoSite::name).distinct().count() != sites.size()) {
            throw new IllegalArgumentException("site names must be distinct: " + sites);
        }
        if (routers < 1) {
            throw new IllegalArgumentException("the bridge needs at least one router: " + routers);
        }
        if (bridge == null || bridge.isBlank() || visitor == null || visitor.isBlank()) {
            throw new IllegalArgumentException("the bridge and the visitor need names");
        }
        if (sites.stream().noneMatch(site -> site.name().equals(visitorSite))) {
            throw new IllegalArgumentException("the visitor's site " + visitorSite + " is not one of " + sites);
        }
    }

    /** Members the demo starts, the visitor not counted. */
    public int memberCount() {
        return sites.stream().mapToInt(DemoSite::members).sum();
    }

    /** The sites' names, in start order. */
    public List<String> siteNames() {
        return sites.stream().map(DemoSite::name).toList();
    }

    /** The site named {@code name}. */
    public DemoSite site(String name) {
        return sites.stream().filter(site -> site.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no site " + name + " in " + sites));
    }
}
