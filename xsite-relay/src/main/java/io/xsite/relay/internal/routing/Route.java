package io.xsite.relay.internal.routing;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The routing part of a routed envelope.
 *
 * @param origin  the member the envelope started from (its address carries its site)
 * @param to      where it goes
 * @param visited the sites it has been in, in order: its origin's, then those whose site masters passed it
 *                over a bridge; never revisited
 */
public record Route(UuidAddress origin, Destination to, List<String> visited) {
    /** Most sites an envelope passes through. */
    public static final int MAX_HOPS = 32;

    public Route {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(to, "to");
        visited = List.copyOf(visited);
        if (to instanceof Destination.Member m && m.member().site() == null) {
            throw new IllegalArgumentException("a relayed destination needs a site: " + m.member());
        }
        if (visited.size() > MAX_HOPS) {
            throw new IllegalArgumentException("too many hops: " + visited);
        }
    }

    /**
     * A route that has not left its origin's site yet. That site counts as visited from the start: its site
     * master then passes the envelope's bytes over the bridge as they are, where adding the site there
     * copied every relayed message once more.
     */
    public static Route from(UuidAddress origin, Destination to) {
        return new Route(origin, to, List.of(origin.site()));
    }

    /** This route after {@code site}'s site master passed it over a bridge. */
    public Route via(String site) {
        if (visited.contains(site)) {
            return this;
        }
        List<String> more = new ArrayList<>(visited);
        more.add(site);
        return new Route(origin, to, more);
    }

    /** The site the envelope has to reach. */
    public String toSite() {
        return siteOf(to);
    }

    /** The site of {@code destination}: the member's or the named one. */
    public static String siteOf(Destination destination) {
        return destination instanceof Destination.Member m ? m.member().site() : ((Destination.Site) destination).site();
    }

    /** The route of an answer (acknowledgement, unreachable notice, reply) back to the origin. */
    public Route back(UuidAddress from) {
        return Route.from(from, new Destination.Member(origin));
    }
}
