package io.xsite.core.member;

import io.micrometer.core.instrument.MeterRegistry;
import io.xsite.net.tls.ConnectionSecurity;
import io.xsite.net.tls.PeerAuthenticator;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.core.internal.tcp.ConnectionIdentities;

/**
 * Who a member's connections accept, from its TLS material (DESIGN.md "Trust"): over tcp, only members of
 * its own site, as their certificates say; over the tunnel and for router discovery, only routers. A
 * member without TLS material stays on plain TCP.
 */
final class MemberSecurity {
    private MemberSecurity() {
    }

    /** What secures connections to the other members of {@code config}'s cluster. */
    public static ConnectionSecurity forMembers(MemberConfig config, MeterRegistry metrics) {
        ReloadingTls tls = config.tls();
        if (tls == null) {
            return ConnectionSecurity.PLAIN;
        }
        PeerIdentity own = ownIdentity(config);
        return new PeerAuthenticator("member", tls, own::equals, "a member of site " + own.name(), metrics);
    }

    /**
     * Who is behind a tcp connection of {@code config}'s member: with TLS the identity its certificate proved
     * (set before the member handshake starts), else its remote IP address.
     */
    public static ConnectionIdentities identities(MemberConfig config) {
        return config.tls() == null ? ConnectionIdentities.remoteAddress()
                : channel -> channel.attr(PeerIdentity.ATTRIBUTE).get();
    }

    /** What secures connections to gossip routers (tunnel, router discovery). */
    public static ConnectionSecurity forRouters(MemberConfig config, MeterRegistry metrics) {
        ReloadingTls tls = config.tls();
        if (tls == null) {
            return ConnectionSecurity.PLAIN;
        }
        ownIdentity(config);
        return PeerAuthenticator.toRouters("tunnel", tls, metrics);
    }

    /**
     * The identity {@code config}'s certificate names, checked against the member's site.
     *
     * @throws IllegalArgumentException when the certificate is not a member's, or names another site
     */
    static PeerIdentity ownIdentity(MemberConfig config) {
        PeerIdentity own = config.tls().identity();
        if (own.role() != PeerRole.MEMBER) {
            throw new IllegalArgumentException("member " + config.name() + " has a " + own.role().word()
                    + " certificate (" + own + "); a member needs one issued with 'xsite pki site <site>'");
        }
        if (config.site() != null && !own.isMemberOf(config.site())) {
            throw new IllegalArgumentException("member " + config.name() + " is in site " + config.site()
                    + " but its certificate names " + own + "; issue one with 'xsite pki site " + config.site() + "'");
        }
        return own;
    }
}
