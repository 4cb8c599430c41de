package io.xsite.relay;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.tls.IssuedCertificate;
import io.xsite.net.tls.PeerAuthenticator;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TestCertificates;
import io.xsite.net.tls.TlsConfig;
import io.xsite.net.tls.TlsMaterial;
import io.xsite.core.internal.tunnel.RouterMembersQuery;
import io.xsite.relay.bridge.BridgeConfig;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The default deployment on loopback, as {@code xsite pki} and the Secrets lay it out: one test CA, one TLS
 * router serving the bridge (router certificate {@code r1}), and sites whose members hold their site's
 * certificate (one directory per site, shared by its members; sealing follows from it). Closes what it started.
 */
final class TlsDeployment implements AutoCloseable {
    static final String BRIDGE = "bridge";
    static final String ROUTER = "r1";

    private final TestCertificates pki;
    private final ReloadingTls routerTls;
    private final GossipRouter router;
    private final Map<String, ReloadingTls> siteTls = new LinkedHashMap<>();
    private final RelaySites sites = new RelaySites();
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
    private final PeerAuthenticator tool;

    private TlsDeployment(Path root) {
        pki = TestCertificates.create(root, "xsite-test-ca");
        routerTls = open(ReloadingTls.start(routerMaterial()));
        router = GossipRouter.start(RouterConfig.loopback(), routerTls, Set.of(BRIDGE), AdminAccess.OPEN);
        ReloadingTls toolTls = open(ReloadingTls.start(pki.issue(new PeerIdentity(PeerRole.TOOL, "ops"), "ops")));
        tool = new PeerAuthenticator("tool", toolTls, id -> id.role() == PeerRole.ROUTER, "a router",
                new SimpleMeterRegistry());
    }

    /** A CA under {@code root} and a TLS router; no sites yet. */
    static TlsDeployment start(Path root) {
        return new TlsDeployment(root);
    }

    /** Starts {@code size} members of {@code site} with its certificate (issued on first use), one site master. */
    List<RelayNode> startSite(String site, int size) {
        ReloadingTls tls = siteTls.computeIfAbsent(site, s -> open(ReloadingTls.start(pki.member(s))));
        List<BridgeConfig> bridge = List.of(new BridgeConfig(BRIDGE, List.of(router.address())));
        return sites.start(site, size, 1, bridge, List.of(), -1, c -> c.withMember(c.member().withTls(tls)));
    }

    /**
     * As {@link #startSite}, the site's certificate used on the bridge only: its tunnels to the router use TLS and
     * its payloads are sealed, its members speak plain TCP among themselves.
     */
    List<RelayNode> startSiteWithTlsOnBridge(String site, int size) {
        ReloadingTls tls = siteTls.computeIfAbsent(site, s -> open(ReloadingTls.start(pki.member(s))));
        List<BridgeConfig> bridge = List.of(new BridgeConfig(BRIDGE, List.of(router.address())).withTls(tls));
        return sites.start(site, size, 1, bridge, List.of());
    }

    /**
     * Gives the members of {@code site} a certificate that expires at {@code notAfter} (before {@link #startSite}
     * starts them), as a deployment holds a day before its rotation.
     */
    ReloadingTls issueSite(String site, Instant notAfter) {
        IssuedCertificate issued = pki.ca().issue(PeerIdentity.member(site), Instant.now().minusSeconds(60), notAfter);
        ReloadingTls tls = open(ReloadingTls.start(pki.write(issued, site)));
        siteTls.put(site, tls);
        return tls;
    }

    /** The TLS material the members of {@code site} use. */
    ReloadingTls tls(String site) {
        return siteTls.get(site);
    }

    ReloadingTls routerTls() {
        return routerTls;
    }

    GossipRouter router() {
        return router;
    }

    TestCertificates pki() {
        return pki;
    }

    /** The sites, to forget a node the test crashed. */
    RelaySites sites() {
        return sites;
    }

    /**
     * Rotation as cert-manager does it: new certificates of the same CA written over the files of every site and of
     * the router; returns once every process uses its new one (taken by its periodic check or when told to look).
     */
    void rotate() {
        List<ReloadingTls> every = Stream.concat(siteTls.values().stream(), Stream.of(routerTls)).toList();
        List<BigInteger> old = every.stream().map(TlsDeployment::serial).toList();
        siteTls.keySet().forEach(pki::member);
        routerMaterial();
        await("every process took its new certificate").atMost(ofSeconds(10)).until(() -> IntStream
                .range(0, every.size()).allMatch(i -> every.get(i).reloadIfChanged() || !serial(every.get(i))
                        .equals(old.get(i))));
    }

    /**
     * The addresses registered in the bridge at the router, as a tool (certificate {@code ops}) lists them: every
     * bridge member learns the others from the router, so no one else can be in a bridge view.
     */
    List<UuidAddress> bridgeMembers() {
        return RouterMembersQuery.query(router.address(), BRIDGE, Duration.ofSeconds(2), tool).stream()
                .map(m -> (UuidAddress) m.ping().sender()).toList();
    }

    /** The sum of the router's samples of {@code metric} whose labels contain {@code labels}, from its /metrics. */
    double routerMetric(String metric, String labels) {
        InetSocketAddress admin = router.adminAddress().orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + "/metrics"))
                .timeout(ofSeconds(5)).build();
        String body;
        try {
            body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*\\})? (\\S+)").matcher(body);
        double sum = 0;
        while (sample.find()) {
            if (sample.group(1) != null && sample.group(1).contains(labels)) {
                sum += Double.parseDouble(sample.group(2));
            }
        }
        return sum;
    }

    /**
     * The serial of the certificate {@code peer} presents to a new TLS connection from a holder of {@code material}
     * (the handshake must succeed, so {@code peer} trusts it too).
     */
    static BigInteger servedSerial(InetSocketAddress peer, TlsMaterial material) {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, password);
            keys.setKeyEntry("self", material.privateKey(), password,
                    material.certificateChain().toArray(Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, password);
            for (X509Certificate ca : material.trustedCertificates()) {
                trusted.setCertificateEntry("ca" + trusted.size(), ca);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(peer.getAddress(),
                    peer.getPort())) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The serial of the certificate {@code tls} uses now. */
    static BigInteger serial(ReloadingTls tls) {
        return tls.current().certificateChain().get(0).getSerialNumber();
    }

    /** Waits until every node sees both sites with their sizes and one site master each. */
    static void awaitTopology(List<RelayNode> all, String site, int size, String other, int otherSize) {
        await("topology converges").atMost(ofSeconds(25))
                .untilAsserted(() -> RelaySites.assertTopology(all, 1, site, size, other, otherSize));
    }

    <T extends AutoCloseable> T open(T closeable) {
        closeAtEnd.add(closeable);
        return closeable;
    }

    private TlsConfig routerMaterial() {
        return pki.issue(new PeerIdentity(PeerRole.ROUTER, ROUTER), ROUTER);
    }

    @Override
    public void close() throws Exception {
        sites.close();
        router.close();
        for (int i = closeAtEnd.size() - 1; i >= 0; i--) {
            closeAtEnd.get(i).close();
        }
    }
}
