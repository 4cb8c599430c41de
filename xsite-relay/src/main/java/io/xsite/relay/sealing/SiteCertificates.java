package io.xsite.relay.sealing;

import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.relay.internal.routing.RelayCodec;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a site's certificate chain as it arrives from another site: it must chain to the deployment's CA
 * (PKIX, revocation off: there is no revocation service to ask), its first certificate must name the site
 * in a URI SAN {@code urn:xsite:member:<site>} and carry an EC key. Anyone may pass a certificate on; what
 * makes it trusted is this check, not who sent it.
 */
public final class SiteCertificates {
    /** Most certificates in a chain on the wire. */
    public static final int MAX_CHAIN = RelayCodec.MAX_CHAIN_CERTIFICATES;
    /** Most DER bytes of a chain on the wire, all certificates together. */
    public static final int MAX_CHAIN_BYTES = RelayCodec.MAX_CHAIN_BYTES;

    private SiteCertificates() {
    }

    /** The site a certificate names as a member's ({@link PeerIdentity}), if any. */
    public static Optional<String> siteOf(X509Certificate certificate) {
        return PeerIdentity.of(certificate).filter(identity -> identity.role() == PeerRole.MEMBER)
                .map(PeerIdentity::name);
    }

    /**
     * The chain of {@code site}, checked.
     *
     * @param chain the site's certificate first, then any intermediates, in DER
     * @throws SealingException if it is too large, does not parse, does not chain to {@code ca}, or its first
     *         certificate does not name {@code site} or has no EC key
     */
    public static List<X509Certificate> verify(String site, List<byte[]> chain, X509Certificate ca) {
        if (chain.isEmpty() || chain.size() > MAX_CHAIN
                || chain.stream().mapToInt(der -> der.length).sum() > MAX_CHAIN_BYTES) {
            throw new SealingException("certificate chain of " + chain.size() + " certificates beyond the bounds");
        }
        List<X509Certificate> certificates = new ArrayList<>(chain.size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : chain) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            verify(site, certificates, ca, factory);
        } catch (CertificateException e) {
            throw new SealingException("certificate of " + site + " does not parse: " + e.getMessage());
        }
        return List.copyOf(certificates);
    }

    /** As {@link #verify(String, List, X509Certificate)} for a chain already parsed (a node's own). */
    static void verifyParsed(String site, List<X509Certificate> chain, X509Certificate ca) {
        try {
            verify(site, chain, ca, CertificateFactory.getInstance("X.509"));
        } catch (CertificateException e) {
            throw new SealingException("no X.509 support: " + e.getMessage());
        }
    }

    /** The DER form of each certificate of {@code chain}. */
    public static List<byte[]> encoded(List<X509Certificate> chain) {
        List<byte[]> der = new ArrayList<>(chain.size());
        for (X509Certificate certificate : chain) {
            try {
                der.add(certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal()
                        + " cannot be encoded", e);
            }
        }
        return der;
    }

    private static void verify(String site, List<X509Certificate> chain, X509Certificate ca,
                               CertificateFactory factory) {
        X509Certificate leaf = chain.get(0);
        Optional<String> named = siteOf(leaf);
        if (!named.equals(Optional.of(site))) {
            throw new SealingException("certificate names site " + named.orElse("(none)") + ", not " + site);
        }
        if (!(leaf.getPublicKey() instanceof ECPublicKey)) {
            throw new SealingException("certificate of " + site + " has no EC key: "
                    + leaf.getPublicKey().getAlgorithm());
        }
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(chain), parameters);
        } catch (GeneralSecurityException e) {
            throw new SealingException("certificate of " + site + " does not chain to the CA: " + e.getMessage());
        }
    }
}
