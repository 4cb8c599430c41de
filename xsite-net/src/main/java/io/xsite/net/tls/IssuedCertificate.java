package io.xsite.net.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate a {@link CertificateAuthority} issued, with its new private key and the CA's certificate:
 * everything one process needs, written as a Kubernetes TLS Secret holds it.
 *
 * @param key         the certificate's private key
 * @param certificate the issued certificate
 * @param ca          the issuing CA's certificate
 */
public record IssuedCertificate(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
    /** The key store {@link #writePkcs12} writes the key and certificate to. */
    public static final String PKCS12_FILE = "tls.p12";
    /** The key store {@link #writePkcs12} writes the CA to. */
    public static final String PKCS12_TRUST_FILE = "ca.p12";

    /**
     * Writes {@code tls.crt}, {@code tls.key} (readable by the owner only) and {@code ca.crt} into
     * {@code directory}, creating it; returns the {@link TlsConfig} that reads them.
     */
    public TlsConfig writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        TlsConfig config = TlsConfig.inDirectory(directory);
        // The key first: a reloading process that sees the new certificate must find its key already there.
        PemWriter.writePrivateKey(config.privateKey(), key);
        PemWriter.writeCertificates(config.certificate(), certificate);
        PemWriter.writeCertificates(config.trustedCa(), ca);
        return config;
    }

    /**
     * Writes the same material as PKCS#12 key stores for JVM clients configured by key store, such as
     * JGroups' TUNNEL with {@code tls.*}: {@code tls.p12} (key and certificate, alias {@code xsite}) and
     * {@code ca.p12} (the CA as a trusted certificate), both protected by {@code password}.
     */
    public void writePkcs12(Path directory, char[] password) throws IOException {
        Files.createDirectories(directory);
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("xsite", key, password, new Certificate[] {certificate, ca});
            store(identity, directory.resolve(PKCS12_FILE), password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("xsite-ca", ca);
            store(trust, directory.resolve(PKCS12_TRUST_FILE), password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write PKCS#12 stores to " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void store(KeyStore store, Path file, char[] password) throws IOException,
            GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
