package io.xsite.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS on the client's RESP connections: the context every connection's handler comes from, and whether a
 * member's certificate must name the site the client connects to.
 *
 * <p>Built from PEM files ({@link #fromPem}), as {@code xsite pki} and cert-manager write them, the client trusts
 * the deployment's CA and checks the identity an xsite certificate carries instead of a host name: one URI subject
 * alternative name {@code urn:xsite:member:<site>}. Members are reached through addresses (pod IPs, Services,
 * load balancers) that no certificate can list in advance, so a host name check would fail where the identity
 * check holds; and a member of another site, with a certificate of the same CA, is refused.
 *
 * @param context      the client context
 * @param siteIdentity whether the server's certificate must name a member of the site connected to
 */
record RespTls(SslContext context, boolean siteIdentity) {
    private static final String MEMBER_URI = "urn:xsite:member:";
    /** The type of a URI in {@link X509Certificate#getSubjectAlternativeNames()} (RFC 5280). */
    private static final int URI_NAME = 6;

    RespTls {
        Objects.requireNonNull(context, "context");
    }

    /**
     * Trusts the CA certificates in {@code trustedCa}; presents the chain in {@code certificate} with the
     * PKCS#8 key in {@code privateKey} when both are given (mutual TLS). Files are read once, now.
     *
     * @throws IllegalArgumentException naming a file that cannot be read or is not PEM of the right kind
     */
    static RespTls fromPem(Path trustedCa, Optional<Path> certificate, Optional<Path> privateKey) {
        Objects.requireNonNull(trustedCa, "trustedCa");
        if (certificate.isPresent() != privateKey.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its private key and the other way round");
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().trustManager(trustedCa.toFile())
                    // The identity check below stands in for host names, which xsite certificates do not carry.
                    .endpointIdentificationAlgorithm(null);
            if (certificate.isPresent()) {
                builder.keyManager(certificate.get().toFile(), privateKey.get().toFile());
            }
            return new RespTls(builder.build(), true);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the TLS files " + trustedCa + certificate.map(c -> ", " + c)
                    .orElse("") + privateKey.map(k -> ", " + k).orElse("") + ": " + e.getMessage(), e);
        }
    }

    /** A context the caller built; it decides how servers are checked (host names, pinning). */
    static RespTls of(SslContext context) {
        return new RespTls(context, false);
    }

    /**
     * Why {@code session}'s server may not serve {@code site}, or empty when it may: its certificate must name
     * {@code urn:xsite:member:<site>} when {@link #siteIdentity} is on.
     */
    Optional<String> refuse(SSLSession session, String site) {
        if (!siteIdentity) {
            return Optional.empty();
        }
        List<String> uris;
        try {
            uris = uris((X509Certificate) session.getPeerCertificates()[0]);
        } catch (SSLPeerUnverifiedException | CertificateParsingException e) {
            return Optional.of("its certificate cannot be read: " + e.getMessage());
        }
        String expected = MEMBER_URI + site;
        return uris.contains(expected) ? Optional.empty()
                : Optional.of("its certificate names " + (uris.isEmpty() ? "no xsite identity" : uris) + ", not "
                + expected);
    }

    private static List<String> uris(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return List.of();
        }
        return names.stream().filter(name -> name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0)))
                .map(name -> String.valueOf(name.get(1))).toList();
    }
}
