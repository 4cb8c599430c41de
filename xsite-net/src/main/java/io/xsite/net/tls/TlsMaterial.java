package io.xsite.net.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * One loaded and checked set of TLS material: this process's key and certificate chain, the CA it
 * trusts, the identity its certificate names, and the Netty contexts built from them (TLS 1.3 only,
 * peers must present a certificate in both directions). Immutable; {@link ReloadingTls} replaces it when
 * the files change.
 *
 * <p>Loading checks what would otherwise fail later and far from its cause: the key matches the
 * certificate, the certificate chains to the CA and is valid now, and it names an identity.
 */
public final class TlsMaterial {
    /** The only protocol offered: TLS 1.3 (no renegotiation, no legacy cipher suites, encrypted certificates). */
    static final String PROTOCOL = "TLSv1.3";

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final List<X509Certificate> trusted;
    private final PeerIdentity identity;
    private final SslContext server;
    private final SslContext client;
    private final byte[] fingerprint;

    private TlsMaterial(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted,
                        PeerIdentity identity, byte[] fingerprint) throws SSLException {
        this.key = key;
        this.chain = chain;
        this.trusted = trusted;
        this.identity = identity;
        this.fingerprint = fingerprint;
        this.server = SslContextBuilder.forServer(key, chain).trustManager(trusted).clientAuth(ClientAuth.REQUIRE)
                .protocols(PROTOCOL).sslProvider(provider()).build();
        // Peers are authenticated by the identity their certificate names, not by a hostname: members and
        // routers are dialled by pod IPs and load-balancer names that no certificate can list in advance.
        this.client = SslContextBuilder.forClient().keyManager(key, chain).trustManager(trusted)
                .endpointIdentificationAlgorithm(null).protocols(PROTOCOL).sslProvider(provider()).build();
    }

    /**
     * Reads and checks the files {@code config} names.
     *
     * @throws IllegalArgumentException naming the file and the problem when anything is missing, unreadable,
     *                                  mismatched, expired, not signed by the CA or without an identity
     */
    public static TlsMaterial load(TlsConfig config) {
        byte[] certificatePem = PemWriter.read(config.certificate());
        byte[] keyPem = PemWriter.read(config.privateKey());
        byte[] caPem = PemWriter.read(config.trustedCa());
        List<X509Certificate> chain = PemFiles.certificates(certificatePem, config.certificate().toString());
        PrivateKey key = PemFiles.privateKey(keyPem, config.privateKey().toString());
        List<X509Certificate> trusted = PemFiles.certificates(caPem, config.trustedCa().toString());
        X509Certificate leaf = chain.get(0);
        if (!keyMatches(key, leaf)) {
            throw new IllegalArgumentException(config.privateKey() + " is not the key of " + config.certificate());
        }
        checkChain(chain, trusted, config);
        PeerIdentity identity = PeerIdentity.of(leaf).orElseThrow(() -> new IllegalArgumentException(
                config.certificate() + " names no xsite identity (one URI subject alternative name"
                        + " urn:xsite:<member|router|tool>:<name>; issue it with 'xsite pki')"));
        try {
            return new TlsMaterial(key, chain, trusted, identity, fingerprint(certificatePem, keyPem, caPem));
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot use the TLS material of " + config.certificate() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The fingerprint of what the files {@code config} names hold now; empty while one cannot be read. */
    static byte[] fingerprintOf(TlsConfig config) {
        try {
            return fingerprint(PemWriter.read(config.certificate()), PemWriter.read(config.privateKey()),
                    PemWriter.read(config.trustedCa()));
        } catch (IllegalArgumentException e) {
            // A file being replaced may be missing for a moment; it is looked at again at the next check.
            return new byte[0];
        }
    }

    /** Whether this material was loaded from files with {@code fingerprint}. */
    boolean loadedFrom(byte[] fingerprint) {
        return Arrays.equals(this.fingerprint, fingerprint);
    }

    /** The identity this process's certificate names. */
    public PeerIdentity identity() {
        return identity;
    }

    /** The context for connections this process accepts (a client certificate is required). */
    public SslContext serverContext() {
        return server;
    }

    /** The context for connections this process opens (it presents its certificate). */
    public SslContext clientContext() {
        return client;
    }

    /** This process's private key (end-to-end sealing derives keys from it). */
    public PrivateKey privateKey() {
        return key;
    }

    /** This process's certificate followed by any intermediates. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** The CA certificates peers must chain to. */
    public List<X509Certificate> trustedCertificates() {
        return trusted;
    }

    /** When this process's certificate expires. */
    public Date notAfter() {
        return chain.get(0).getNotAfter();
    }

    /** OpenSSL (BoringSSL through netty-tcnative, which offers TLS 1.3) where it loads, the JDK's TLS otherwise. */
    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** Whether {@code key} is the private key of {@code certificate}: what one signs, the other verifies. */
    public static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        byte[] probe = "xsite key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void checkChain(List<X509Certificate> chain, List<X509Certificate> trusted, TlsConfig config) {
        try {
            Set<TrustAnchor> anchors = trusted.stream().map(ca -> new TrustAnchor(ca, null))
                    .collect(Collectors.toSet());
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(config.certificate() + " is not valid under " + config.trustedCa()
                    + ": " + e.getMessage(), e);
        }
    }

    private static byte[] fingerprint(byte[]... files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] file : files) {
                digest.update(file);
                digest.update((byte) 0);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
