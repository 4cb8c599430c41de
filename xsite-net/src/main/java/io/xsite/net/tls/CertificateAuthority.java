package io.xsite.net.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A deployment's certificate authority: creates its own key and self-signed certificate, and issues the
 * certificates that name each site, router and tool ({@link PeerIdentity}). Keys are EC P-256: small,
 * fast in TLS 1.3, and usable for the ECDH that seals payloads between sites. This is what
 * {@code xsite pki} runs, and what the demo and the tests use for throwaway CAs.
 */
public final class CertificateAuthority {
    /** The CA's own files in its directory. */
    public static final String CA_KEY_FILE = "ca.key";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE = "SHA256withECDSA";

    private final PrivateKey key;
    private final X509Certificate certificate;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** A new CA named {@code name}, valid from now for {@code validity}. */
    public static CertificateAuthority create(String name, Duration validity) {
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        X500Name subject = subject(name, "xsite CA");
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(pair.getPrivate(), sign(builder, pair.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create a CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The CA kept in {@code directory} ({@code ca.crt} and {@code ca.key}).
     *
     * @throws IllegalArgumentException naming the file when either is missing or unusable
     */
    public static CertificateAuthority load(Path directory) {
        Path certificateFile = directory.resolve(TlsConfig.CA_FILE);
        Path keyFile = directory.resolve(CA_KEY_FILE);
        X509Certificate certificate = PemFiles.certificates(PemWriter.read(certificateFile),
                certificateFile.toString()).get(0);
        PrivateKey key = PemFiles.privateKey(PemWriter.read(keyFile), keyFile.toString());
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(certificateFile + " is not a CA certificate");
        }
        return new CertificateAuthority(key, certificate);
    }

    /** Writes {@code ca.crt} and {@code ca.key} (readable by the owner only) into {@code directory}. */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        PemWriter.writeCertificates(directory.resolve(TlsConfig.CA_FILE), certificate);
        PemWriter.writePrivateKey(directory.resolve(CA_KEY_FILE), key);
    }

    /** The CA's certificate: what every process trusts. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A certificate for {@code identity}, with a new key, valid from now for {@code validity}. */
    public IssuedCertificate issue(PeerIdentity identity, Duration validity) {
        Instant now = Instant.now();
        return issue(identity, now.minus(Duration.ofMinutes(5)), now.plus(validity));
    }

    /** A certificate for {@code identity}, with a new key, valid between the two instants (tests: expired ones). */
    public IssuedCertificate issue(PeerIdentity identity, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(identity, "identity");
        KeyPair pair = newKeyPair();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject(identity.name(), identity.role().word()),
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    // keyAgreement: a site's key also derives the keys that seal payloads between sites (ECDH).
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, identity.uri())))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            return new IssuedCertificate(pair.getPrivate(), sign(builder, key), certificate);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + identity + ": " + e.getMessage(), e);
        }
    }

    private static X500Name subject(String commonName, String unit) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "xsite").addRDN(BCStyle.OU, unit)
                .addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is missing from this JVM", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
