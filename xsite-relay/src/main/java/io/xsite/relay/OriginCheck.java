package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.routing.ForwardRule;
import io.xsite.relay.internal.routing.Route;
import java.util.List;
import java.util.Optional;

/**
 * Who may speak for a site (docs/design.md, "Relay: who may speak for a site"): whether a relay node takes
 * an envelope from the member that sent it. Pure rules on the envelope and its sender.
 *
 * <ul>
 *   <li>Over a bridge, an envelope speaks for one site: a routed envelope for its origin's, a site view for
 *       the site it describes, a site-down notice for the site it declares down. It is taken only from a
 *       bridge member of that site, or of a site this site's forward rules name as the gateway to it (the
 *       gateway passes on that site's traffic and views, and knows when it is down), or of this site (its own
 *       site masters, whose copies of what they flood come back to them). The route's visited sites are
 *       written by the senders, so they prove nothing and are not consulted.</li>
 *   <li>From this site's members: site masters hand on what they took from the bridges (any origin) and
 *       alone send site views and site-down notices; any other member speaks for this site only, and a
 *       hello only for itself.</li>
 * </ul>
 */
final class OriginCheck {
    private static final Optional<Rejection> ACCEPTED = Optional.empty();

    private OriginCheck() {
    }

    /**
     * Whether a bridge member of {@code senderSite} may send {@code envelope} to a site master of
     * {@code localSite}. A site's certificate may come from anyone: it proves itself (signed by the CA, naming
     * its site; the receiver verifies both before taking it), and site masters pass other sites' on.
     */
    static Optional<Rejection> fromBridge(Envelope envelope, String senderSite, String localSite,
                                          List<ForwardRule> forwards) {
        if (envelope instanceof Envelope.SiteCertificate) {
            return ACCEPTED;
        }
        return fromBridge(claimedSite(envelope), senderSite, localSite, forwards);
    }

    /**
     * Whether a bridge member of {@code senderSite} may send a site master of {@code localSite} an envelope
     * speaking for {@code claimedSite} (null: the envelope speaks for no one site, see {@link #claimedSite}).
     */
    static Optional<Rejection> fromBridge(String claimedSite, String senderSite, String localSite,
                                          List<ForwardRule> forwards) {
        if (claimedSite != null && (claimedSite.equals(senderSite) || localSite.equals(senderSite)
                || isGateway(senderSite, claimedSite, forwards))) {
            return ACCEPTED;
        }
        return Optional.of(Rejection.ORIGIN_NOT_SENDER_SITE);
    }

    /**
     * The site an envelope over a bridge speaks for; null when it speaks for another site than its origin's
     * too: a member-unreachable notice about a member of another site (only the final site master knows its
     * view), or an acknowledgement or undelivered notice of a stream to another site (a member acknowledges
     * streams to itself, a site master those to its site, and a member reports what it did not deliver).
     */
    static String claimedSite(Envelope envelope) {
        if (envelope instanceof Envelope.MemberUnreachable unreachable) {
            return sameSite(unreachable.route().origin().site(), unreachable.member().site());
        } else if (envelope instanceof Envelope.Ack ack) {
            return sameSite(ack.route().origin().site(), Route.siteOf(ack.stream()));
        } else if (envelope instanceof Envelope.Undelivered undelivered) {
            return sameSite(undelivered.route().origin().site(), Route.siteOf(undelivered.stream()));
        } else if (envelope instanceof Envelope.Routed routed) {
            return routed.route().origin().site();
        } else if (envelope instanceof Envelope.Topology topology) {
            return topology.view().site();
        } else if (envelope instanceof Envelope.SiteDown down) {
            return down.site();
        }
        return ((Envelope.Hello) envelope).member().site();
    }

    /**
     * Whether this site's member {@code sender} (a site master of this site, or a former one of the last
     * view: {@code fromSiteMaster}) may send {@code envelope} to a member of {@code localSite}.
     */
    static Optional<Rejection> fromLocal(Envelope envelope, UuidAddress sender, boolean fromSiteMaster,
                                         String localSite) {
        if (fromSiteMaster) {
            return ACCEPTED;
        }
        if (envelope instanceof Envelope.Routed routed) {
            return routedFromLocal(routed.route().origin(), false, localSite);
        } else if (envelope instanceof Envelope.Hello hello) {
            return hello.member().equals(sender) ? ACCEPTED : Optional.of(Rejection.ORIGIN_NOT_LOCAL);
        }
        return Optional.of(Rejection.NOT_SITE_MASTER);
    }

    /** As {@link #fromLocal} for a routed envelope from {@code origin}, known by its route alone. */
    static Optional<Rejection> routedFromLocal(UuidAddress origin, boolean fromSiteMaster, String localSite) {
        return fromSiteMaster || localSite.equals(origin.site()) ? ACCEPTED : Optional.of(Rejection.ORIGIN_NOT_LOCAL);
    }

    private static String sameSite(String site, String other) {
        return site.equals(other) ? site : null;
    }

    private static boolean isGateway(String senderSite, String site, List<ForwardRule> forwards) {
        for (ForwardRule rule : forwards) {
            if (rule.gateway().equals(senderSite) && rule.matches(site)) {
                return true;
            }
        }
        return false;
    }
}
