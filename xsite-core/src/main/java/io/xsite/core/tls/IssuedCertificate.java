package io.xsite.core.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
