package io.xsite.cli.demo;

import io.xsite.core.tls.CertificateAuthority;
import io.xsite.core.tls.PeerIdentity;
import io.xsite.core.tls.PeerRole;
import io.xsite.core.tls.ReloadingTls;
import io.xsite.core.tls.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's throwaway certificates: a CA made for this run, a certificate for the routers and one per site,
 * in a temporary directory laid out as {@code xsite pki} writes it ({@code router/}, {@code <site>/}), so that the
 * demo runs as a deployment does, with TLS everywhere and payloads sealed between sites. Deleted on close.
 */
public final class DemoPki implements AutoCloseable {
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final String ROUTER = "router";

    private final Path root;
    private final Map<String, ReloadingTls> opened = new LinkedHashMap<>();

    private DemoPki(Path root) {
        this.root = root;
    }

    /** A new CA in a new temporary directory, with the routers' certificate and one for each of {@code sites}. */
    public static DemoPki create(List<String> sites) {
        try {
            Path root = Files.createTempDirectory("xsite-demo-pki-");
            CertificateAuthority ca = CertificateAuthority.create("xsite demo " + root.getFileName(), VALIDITY);
            ca.issue(new PeerIdentity(PeerRole.ROUTER, "demo-router"), VALIDITY).writeTo(root.resolve(ROUTER));
            for (String site : sites) {
                ca.issue(PeerIdentity.member(site), VALIDITY).writeTo(root.resolve(site));
            }
            return new DemoPki(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's certificates: " + e.getMessage(), e);
        }
    }

    /** Where the certificates are, for the banner. */
    public Path root() {
        return root;
    }

    /** The routers' TLS directory, for {@code xsite router --tls-dir}. */
    public Path routerDirectory() {
        return root.resolve(ROUTER);
    }

    /** The TLS directory of {@code site}'s members, for {@code xsite node --tls-dir}. */
    public Path siteDirectory(String site) {
        return root.resolve(site);
    }

    /** The routers' material, loaded once. */
    public synchronized ReloadingTls routerTls() {
        return opened.computeIfAbsent(ROUTER, dir -> ReloadingTls.start(TlsConfig.inDirectory(routerDirectory())));
    }

    /** The material of {@code site}'s members, loaded once. */
    public synchronized ReloadingTls siteTls(String site) {
        return opened.computeIfAbsent(site, dir -> ReloadingTls.start(TlsConfig.inDirectory(siteDirectory(site))));
    }

    /** Stops reloading and deletes the certificates. */
    @Override
    public synchronized void close() {
        opened.values().forEach(ReloadingTls::close);
        opened.clear();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException e) {
            return;
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // A leftover temporary file is harmless; the demo's exit matters more.
            }
        }
    }
}
