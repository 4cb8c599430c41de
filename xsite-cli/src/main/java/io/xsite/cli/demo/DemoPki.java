package io.xsite.cli.demo;

import io.xsite.net.admin.AdminToken;
import io.xsite.net.tls.CertificateAuthority;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's throwaway secrets: a CA made for this run, a certificate for the routers, one per site and one for
 * the demo's grid client (a {@code tool}), in a temporary directory laid out as {@code xsite pki} writes it
 * ({@code router/}, {@code <site>/}, {@code client/}), so that the demo runs as a deployment does, with TLS
 * everywhere and payloads sealed between sites; and an admin token in {@code admin-token}, for the admin
 * endpoint that takes the script's state-changing requests. Deleted on close.
 */
public final class DemoPki implements AutoCloseable {
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final String ROUTER = "router";
    private static final String CLIENT = "client";
    private static final String ADMIN_TOKEN = "admin-token";
    /** 32 random bytes: as strong as the CA's keys. */
    private static final int TOKEN_BYTES = 32;

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
            ca.issue(new PeerIdentity(PeerRole.TOOL, "demo-client"), VALIDITY).writeTo(root.resolve(CLIENT));
            byte[] token = new byte[TOKEN_BYTES];
            new SecureRandom().nextBytes(token);
            Files.writeString(Files.createFile(root.resolve(ADMIN_TOKEN), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(token) + "\n");
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

    /** The demo client's material ({@code tls.crt}, {@code tls.key}, {@code ca.crt}): a {@code tool} of the CA. */
    public TlsConfig clientTls() {
        return TlsConfig.inDirectory(root.resolve(CLIENT));
    }

    /** The file of the admin token, for {@code xsite grid --admin-token-file}. */
    public Path adminTokenFile() {
        return root.resolve(ADMIN_TOKEN);
    }

    /** The admin token, as a client sends it. */
    public String adminToken() {
        return AdminToken.readText(adminTokenFile());
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
