package io.xsite.router;

import io.micrometer.core.instrument.MeterRegistry;
import io.xsite.net.tls.ConnectionSecurity;
import io.xsite.net.tls.PeerAuthenticator;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.ReloadingTls;
import java.util.Objects;
import java.util.Set;

/**
 * Who the router's clients are and what they may register: the hooks a TLS router replaces.
 *
 * @param security   what each accepted connection goes through first: nothing, or TLS with the client's
 *                   certificate checked (the connection becomes active for the router only after that)
 * @param identities gives each connection its identity when it becomes active
 * @param policy     decides whether an identity may register an address in a group
 */
public record RouterAccess(ConnectionSecurity security, IdentityFactory identities, RegistrationPolicy policy) {
    /** The plain router's: no TLS, identity = source IP address, every registration allowed by policy. */
    public static final RouterAccess PLAIN = new RouterAccess(IdentityFactory.SOURCE_ADDRESS,
            RegistrationPolicy.ALLOW_ALL);

    public RouterAccess {
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(policy, "policy");
    }

    /** A plain TCP router with these identities and this policy. */
    public RouterAccess(IdentityFactory identities, RegistrationPolicy policy) {
        this(ConnectionSecurity.PLAIN, identities, policy);
    }

    /**
     * A TLS router's (DESIGN.md "Trust"): clients must present a certificate of the CA in {@code tls}; that
     * certificate is the connection's identity; members register only for their own site
     * ({@link SitePolicy}: addresses of their site in {@code bridgeGroups}, anything in the group named after
     * their site); handshake failures are counted in {@code metrics}.
     */
    public static RouterAccess certificates(ReloadingTls tls, Set<String> bridgeGroups, MeterRegistry metrics) {
        // Any identity of the CA may connect; only members may register (SitePolicy), so a tool, or router-dump
        // run inside a router's pod with that router's certificate, can only look.
        ConnectionSecurity security = new PeerAuthenticator("router", tls, identity -> true,
                "an identity of this CA", metrics);
        return new RouterAccess(security,
                channel -> new CertificateIdentity(channel.attr(PeerIdentity.ATTRIBUTE).get()),
                new SitePolicy(bridgeGroups));
    }
}
