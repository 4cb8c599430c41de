package io.xsite.relay.sealing;

import io.xsite.core.tls.PeerIdentity;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA for tests: EC P-256 keys, site certificates naming their site in a URI SAN
 * {@code urn:xsite:member:<site>}, as the deployment's CA issues them. Test sources only.
 */
public final class TestCertificates {
    private final AtomicLong serials = new AtomicLong(1);
    private final KeyPair caKeys;
    private final X500Name caName;
    private final X509Certificate ca;

    private TestCertificates(String name) {
        this.caKeys = newKeyPair();
        this.caName = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(caName, caName, caKeys.getPublic(), Instant.now());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        this.ca = sign(builder);
    }

    /** A new CA named {@code name}. */
    public static TestCertificates newCa(String name) {
        return new TestCertificates(name);
    }

    /** The CA's certificate, the trust anchor. */
    public X509Certificate ca() {
        return ca;
    }

    /** Sealing keys of {@code site}: a fresh key and a certificate naming it, issued by this CA. */
    public SiteSealingKeys site(String site) {
        return site(site, Instant.now());
    }

    /** Sealing keys of {@code site} whose certificate starts to be valid at {@code notBefore} (a renewal). */
    public SiteSealingKeys site(String site, Instant notBefore) {
        KeyPair keys = newKeyPair();
        return new SiteSealingKeys(site, keys.getPrivate(), List.of(issue(site, keys.getPublic(), notBefore)), ca);
    }

    /** A certificate for {@code key} naming {@code site}, valid from {@code notBefore} for a day. */
    public X509Certificate issue(String site, PublicKey key, Instant notBefore) {
        X509v3CertificateBuilder builder = builder(caName, new X500Name("CN=" + site), key, notBefore);
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, PeerIdentity.member(site).uri())));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return sign(builder);
    }

    /** A new EC P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant notBefore) {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serials.getAndIncrement()),
                Date.from(notBefore.minus(Duration.ofMinutes(1))), Date.from(notBefore.plus(Duration.ofDays(1))),
                subject, key);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
