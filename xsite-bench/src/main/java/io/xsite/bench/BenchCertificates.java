package io.xsite.bench;

import io.xsite.net.tls.CertificateAuthority;
import io.xsite.net.tls.IssuedCertificate;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throwaway certificate authority for one benchmark run and the material it issues (valid for a day),
 * each in a sub-directory of a temporary directory that {@link #close} deletes: PEM files for xsite
 * processes, PKCS#12 key stores for JGroups.
 */
public final class BenchCertificates implements AutoCloseable {
    /** Password of the PKCS#12 key stores; they live for one run in a private temporary directory. */
    public static final String PKCS12_PASSWORD = "xsite-bench";
    private static final Duration VALIDITY = Duration.ofDays(1);

    private final Path root;
    private final CertificateAuthority ca;

    private BenchCertificates(Path root, CertificateAuthority ca) {
        this.root = root;
        this.ca = ca;
    }

    /** A new CA named {@code name} with a new temporary directory for what it issues. */
    public static BenchCertificates create(String name) {
        try {
            return new BenchCertificates(Files.createTempDirectory("xsite-bench-" + name + "-"),
                    CertificateAuthority.create(name, VALIDITY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for certificates", e);
        }
    }

    /** PEM material of a member of {@code site}, in {@code <root>/<site>}. */
    public TlsConfig member(String site) {
        return write(PeerIdentity.member(site), site);
    }

    /** PEM material of the router {@code name}, in {@code <root>/<name>}. */
    public TlsConfig router(String name) {
        return write(new PeerIdentity(PeerRole.ROUTER, name), name);
    }

    /**
     * A certificate for {@code identity} as PKCS#12 key stores ({@link IssuedCertificate#PKCS12_FILE} and
     * {@link IssuedCertificate#PKCS12_TRUST_FILE}, password {@link #PKCS12_PASSWORD}) in {@code <root>/<dir>},
     * which it returns.
     */
    public Path pkcs12(PeerIdentity identity, String dir) {
        Path directory = root.resolve(dir);
        try {
            ca.issue(identity, VALIDITY).writePkcs12(directory, PKCS12_PASSWORD.toCharArray());
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key stores to " + directory, e);
        }
    }

    private TlsConfig write(PeerIdentity identity, String dir) {
        Path directory = root.resolve(dir);
        try {
            return ca.issue(identity, VALIDITY).writeTo(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write certificate files to " + directory, e);
        }
    }

    /** Deletes every file issued. */
    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
