package io.xsite.net.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a process finds its TLS material, as PEM files: its certificate chain, its private key and the
 * deployment's CA certificate. The files are read again when they change (see {@link ReloadingTls}).
 *
 * @param certificate   this process's certificate, followed by any intermediates
 * @param privateKey    its private key (PKCS#8, or SEC1 for EC keys)
 * @param trustedCa     the deployment's CA certificate(s): peers must present a chain to one of them
 * @param reloadCheck   how often the files are checked for changes
 */
public record TlsConfig(Path certificate, Path privateKey, Path trustedCa, Duration reloadCheck) {
    /** The file names of a Kubernetes TLS Secret (as cert-manager writes it) and of {@code xsite pki}'s output. */
    public static final String CERTIFICATE_FILE = "tls.crt";
    /** See {@link #CERTIFICATE_FILE}. */
    public static final String KEY_FILE = "tls.key";
    /** See {@link #CERTIFICATE_FILE}. */
    public static final String CA_FILE = "ca.crt";
    /** How often the files are checked by default: a Secret's update reaches a pod within about a minute anyway. */
    public static final Duration DEFAULT_RELOAD_CHECK = Duration.ofSeconds(5);

    public TlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(trustedCa, "trustedCa");
        Objects.requireNonNull(reloadCheck, "reloadCheck");
        if (reloadCheck.isNegative() || reloadCheck.isZero()) {
            throw new IllegalArgumentException("reloadCheck must be positive: " + reloadCheck);
        }
    }

    /** The material in {@code directory}: {@code tls.crt}, {@code tls.key} and {@code ca.crt}. */
    public static TlsConfig inDirectory(Path directory) {
        return new TlsConfig(directory.resolve(CERTIFICATE_FILE), directory.resolve(KEY_FILE),
                directory.resolve(CA_FILE), DEFAULT_RELOAD_CHECK);
    }

    /** A copy checking the files every {@code reloadCheck}. */
    public TlsConfig withReloadCheck(Duration reloadCheck) {
        return new TlsConfig(certificate, privateKey, trustedCa, reloadCheck);
    }
}
