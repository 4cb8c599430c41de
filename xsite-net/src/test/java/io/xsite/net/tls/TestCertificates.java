package io.xsite.net.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A throwaway CA in a directory of the test's, issuing the material of sites, routers and tools into
 * sub-directories laid out as {@code xsite pki} writes them. For tests in every module (core's test-jar).
 */
public final class TestCertificates {
    private final Path root;
    private final CertificateAuthority ca;

    private TestCertificates(Path root, CertificateAuthority ca) {
        this.root = root;
        this.ca = ca;
    }

    /** A new CA named {@code name}, kept under {@code root}. */
    public static TestCertificates create(Path root, String name) {
        CertificateAuthority ca = CertificateAuthority.create(name, Duration.ofDays(1));
        try {
            ca.writeTo(root.resolve("ca"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestCertificates(root, ca);
    }

    /** The CA itself. */
    public CertificateAuthority ca() {
        return ca;
    }

    /** Material for {@code identity}, valid for a day, in {@code root/<dir>}. */
    public TlsConfig issue(PeerIdentity identity, String dir) {
        return write(ca.issue(identity, Duration.ofDays(1)), dir);
    }

    /** Material for a member of {@code site}, in {@code root/<site>}. */
    public TlsConfig member(String site) {
        return issue(PeerIdentity.member(site), site);
    }

    /** Material for {@code identity} that expired an hour ago, in {@code root/<dir>}. */
    public TlsConfig expired(PeerIdentity identity, String dir) {
        Instant now = Instant.now();
        return write(ca.issue(identity, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))), dir);
    }

    /** Writes {@code issued} into {@code root/<dir>}. */
    public TlsConfig write(IssuedCertificate issued, String dir) {
        try {
            return issued.writeTo(root.resolve(dir)).withReloadCheck(Duration.ofMillis(100));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
