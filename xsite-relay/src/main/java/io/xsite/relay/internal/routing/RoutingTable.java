package io.xsite.relay.internal.routing;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.relay.routing.ForwardRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which bridge members lead to which site, as a site master's bridge views show them: for each site,
 * its bridge members in view order (bridge by bridge, in configuration order). Immutable.
 */
public final class RoutingTable {
    /** A table without routes, before any bridge view. */
    public static final RoutingTable EMPTY = new RoutingTable(Map.of());

    private final Map<String, List<Hop>> routes;

    /**
     * One way to a site: send over {@code bridge} to {@code member}.
     *
     * @param bridge the bridge's name
     * @param member the remote site master's bridge member
     */
    public record Hop(String bridge, UuidAddress member) {
    }

    private RoutingTable(Map<String, List<Hop>> routes) {
        this.routes = routes;
    }

    /** The table of {@code localSite}'s site master whose bridges show {@code views} (bridge name to view). */
    public static RoutingTable of(String localSite, Map<String, View> views) {
        Map<String, List<Hop>> routes = new LinkedHashMap<>();
        views.forEach((bridge, view) -> view.members().stream()
                .filter(member -> member.site() != null && !member.site().equals(localSite))
                .forEach(member -> routes.computeIfAbsent(member.site(), s -> new ArrayList<>())
                        .add(new Hop(bridge, member))));
        routes.replaceAll((site, hops) -> List.copyOf(hops));
        return new RoutingTable(Map.copyOf(routes));
    }

    /** The sites this table reaches directly. */
    public Set<String> sites() {
        return routes.keySet();
    }

    /** The bridge members of {@code site}, first choice first; empty when not directly reachable. */
    public List<Hop> routes(String site) {
        return routes.getOrDefault(site, List.of());
    }

    /**
     * Where to send an envelope for {@code site} that already passed {@code visited}: the first bridge
     * member of the site itself, else of the gateway of the first matching forward rule that is directly
     * reachable and not visited; empty when the site is unreachable (or visited: no loops).
     */
    public Optional<Hop> next(String site, List<String> visited, List<ForwardRule> forwards) {
        if (visited.contains(site)) {
            return Optional.empty();
        }
        List<Hop> direct = routes(site);
        if (!direct.isEmpty()) {
            return Optional.of(direct.get(0));
        }
        return forwards.stream()
                .filter(rule -> rule.matches(site) && !visited.contains(rule.gateway()))
                .map(rule -> routes(rule.gateway()))
                .filter(hops -> !hops.isEmpty())
                .map(hops -> hops.get(0))
                .findFirst();
    }

    @Override
    public String toString() {
        return routes.toString();
    }
}
