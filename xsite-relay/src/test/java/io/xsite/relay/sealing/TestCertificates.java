package io.xsite.relay.sealing;

import io.xsite.net.tls.CertificateAuthority;
import io.xsite.net.tls.IssuedCertificate;
import io.xsite.net.tls.PeerIdentity;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A throwaway CA ({@link CertificateAuthority}) handing out sealing keys: each site gets a fresh EC P-256 key and
 * a certificate naming it as a member's site, as {@code xsite pki site} issues them. Test sources only.
 */
public final class TestCertificates {
    private final CertificateAuthority authority;

    private TestCertificates(CertificateAuthority authority) {
        this.authority = authority;
    }

    /** A new CA named {@code name}. */
    public static TestCertificates newCa(String name) {
        return new TestCertificates(CertificateAuthority.create(name, Duration.ofDays(1)));
    }

    /** The CA's certificate, the trust anchor. */
    public X509Certificate ca() {
        return authority.certificate();
    }

    /** Sealing keys of {@code site}: a fresh key and a certificate naming it, issued by this CA. */
    public SiteSealingKeys site(String site) {
        return site(site, Instant.now());
    }

    /**
     * Sealing keys of {@code site} whose certificate is newer, the later {@code notBefore} is (a renewal); valid
     * from a minute before it, so that one issued "a minute from now" is valid already.
     */
    public SiteSealingKeys site(String site, Instant notBefore) {
        IssuedCertificate issued = authority.issue(PeerIdentity.member(site), notBefore.minus(Duration.ofMinutes(1)),
                notBefore.plus(Duration.ofDays(1)));
        return new SiteSealingKeys(site, issued.key(), List.of(issued.certificate()), ca());
    }
}
