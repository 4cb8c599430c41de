package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminAccess;
import io.xsite.net.tls.ConnectionSecurity;
import io.xsite.net.tls.HandshakeFailure;
import io.xsite.net.tls.PeerAuthenticator;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TestCertificates;
import io.xsite.core.internal.tunnel.RouterClient;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.internal.tunnel.RouterListener;
import io.xsite.core.internal.tunnel.RouterMember;
import io.xsite.core.internal.tunnel.RouterMembersQuery;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS router (issue #15, attack 1 and "Routers authorize"): only clients with a certificate of the CA get
 * in, and a member registers only for its own site: addresses of its site in the bridge, anything in the
 * cluster named after its site. Real TLS clients on loopback.
 */
class RouterTlsTest {
    private static final String BRIDGE = "bridge";

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
    private TestCertificates pki;
    private GossipRouter router;

    @BeforeEach
    void startRouter() {
        pki = TestCertificates.create(dir, "test-ca");
        ReloadingTls routerTls = open(ReloadingTls.start(pki.issue(new PeerIdentity(PeerRole.ROUTER, "r1"), "r1")));
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, 0), routerTls, Set.of(BRIDGE),
                AdminAccess.OPEN);
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        for (int i = closeAtEnd.size() - 1; i >= 0; i--) {
            closeAtEnd.get(i).close();
        }
    }

    @Test
    void bridgeMembersOfTwoSitesTalkThroughTheRouter() {
        Queue<String> atNyc = new ConcurrentLinkedQueue<>();
        Queue<String> atSfc = new ConcurrentLinkedQueue<>();
        UuidAddress nyc = bridgeAddress("nyc");
        UuidAddress sfc = bridgeAddress("sfc");
        RouterClient nycClient = client(member("nyc"), BRIDGE, nyc, atNyc);
        RouterClient sfcClient = client(member("sfc"), BRIDGE, sfc, atSfc);
        await("both registered").atMost(ofSeconds(15)).until(() -> !nycClient.connectedRouters().isEmpty()
                && !sfcClient.connectedRouters().isEmpty());
        await("a message each way").atMost(ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            nycClient.send(sfc, "to sfc".getBytes(StandardCharsets.UTF_8));
            sfcClient.send(nyc, "to nyc".getBytes(StandardCharsets.UTF_8));
            assertThat(atSfc).contains("to sfc");
            assertThat(atNyc).contains("to nyc");
        });
    }

    @Test
    void aMemberCannotRegisterAnotherSitesAddressInTheBridgeNorAnotherSitesCluster() {
        RouterClient forger = client(member("nyc"), BRIDGE, bridgeAddress("sfc"), new ConcurrentLinkedQueue<>());
        await("the forged bridge address is refused").atMost(ofSeconds(15))
                .until(() -> router.refusedCount(RegistrationRefusal.POLICY) >= 1);
        RouterClient intruder = client(member("nyc"), "sfc", UuidAddress.randomUuid(), new ConcurrentLinkedQueue<>());
        await("nyc in sfc's cluster is refused").atMost(ofSeconds(15))
                .until(() -> router.refusedCount(RegistrationRefusal.POLICY) >= 2);
        assertThat(forger.connectedRouters()).isEmpty();
        assertThat(intruder.connectedRouters()).isEmpty();
        assertThat(members("bridge")).isEmpty();
    }

    @Test
    void aMemberRegistersInTheClusterNamedAfterItsSite() {
        RouterClient local = client(member("nyc"), "nyc", UuidAddress.randomUuid(), new ConcurrentLinkedQueue<>());
        await("registered").atMost(ofSeconds(15)).until(() -> !local.connectedRouters().isEmpty());
        assertThat(members("nyc")).hasSize(1);
    }

    @Test
    void aToolListsMembersButCannotRegister() {
        RouterClient nycClient = client(member("nyc"), BRIDGE, bridgeAddress("nyc"), new ConcurrentLinkedQueue<>());
        await("registered").atMost(ofSeconds(15)).until(() -> !nycClient.connectedRouters().isEmpty());
        assertThat(members(BRIDGE)).extracting(m -> m.ping().logicalName()).containsExactly("_nyc1");

        ReloadingTls otherRouter = open(ReloadingTls.start(pki.issue(new PeerIdentity(PeerRole.ROUTER, "r9"), "r9")));
        assertThat(RouterMembersQuery.query(router.address(), BRIDGE, Duration.ofSeconds(2),
                PeerAuthenticator.toRouters("tool", otherRouter, new SimpleMeterRegistry())))
                .as("router-dump in a router's pod, with that router's certificate").hasSize(1);

        client(tool(), BRIDGE, bridgeAddress("nyc"), new ConcurrentLinkedQueue<>());
        await("the tool's REGISTER is refused").atMost(ofSeconds(15))
                .until(() -> router.refusedCount(RegistrationRefusal.POLICY) >= 1);
    }

    @Test
    void aStrangerWithoutCertificateOfTheCaGetsNothing() {
        TestCertificates stranger = TestCertificates.create(dir.resolve("stranger"), "stranger-ca");
        ReloadingTls strangerTls = open(ReloadingTls.start(stranger.member("sfc")));
        RouterClient intruder = client(new PeerAuthenticator("tunnel", strangerTls, identity -> true, "anyone",
                new SimpleMeterRegistry()), BRIDGE, bridgeAddress("sfc"), new ConcurrentLinkedQueue<>());
        await("the router refuses the handshake").atMost(ofSeconds(15)).until(() -> handshakeFailures() >= 1);
        assertThat(intruder.connectedRouters()).isEmpty();
        assertThat(router.connectionCount()).isZero();
    }

    @Test
    void strangersWhoNeverFinishAHandshakeCannotHoldMoreConnectionsThanTheLimit() throws Exception {
        router.close();
        ReloadingTls routerTls = open(ReloadingTls.start(pki.issue(new PeerIdentity(PeerRole.ROUTER, "r2"), "r2")));
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, 0).withMaxConnectionsPerAddress(5),
                routerTls, Set.of(BRIDGE), AdminAccess.OPEN);
        List<Socket> strangers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket socket = new Socket("127.0.0.1", router.address().getPort());
            socket.setSoTimeout(5000);
            strangers.add(open(socket));
        }
        // The first five wait in their handshake; every other one is closed at once (end of stream).
        long closed = 0;
        for (Socket socket : strangers.subList(5, 20)) {
            closed += socket.getInputStream().read() == -1 ? 1 : 0;
        }
        assertThat(closed).isEqualTo(15);
        assertThat(new AdminClient(router.adminAddress().orElseThrow())
                .metric("xsite_router_connections_refused_total", "reason=\"max_connections_per_address\""))
                .isEqualTo(15);
        for (Socket socket : strangers) {
            socket.close();
        }
        RouterClient member = client(member("nyc"), BRIDGE, bridgeAddress("nyc"), new ConcurrentLinkedQueue<>());
        await("once the strangers left, a member gets in").atMost(ofSeconds(15))
                .until(() -> !member.connectedRouters().isEmpty());
    }

    private List<RouterMember> members(String group) {
        return RouterMembersQuery.query(router.address(), group, Duration.ofSeconds(2), tool());
    }

    private ConnectionSecurity member(String site) {
        ReloadingTls tls = open(ReloadingTls.start(pki.member(site)));
        return new PeerAuthenticator("tunnel", tls, identity -> identity.role() == PeerRole.ROUTER, "a router",
                new SimpleMeterRegistry());
    }

    private ConnectionSecurity tool() {
        ReloadingTls tls = open(ReloadingTls.start(pki.issue(new PeerIdentity(PeerRole.TOOL, "ops"), "ops")));
        return new PeerAuthenticator("tool", tls, identity -> identity.role() == PeerRole.ROUTER, "a router",
                new SimpleMeterRegistry());
    }

    private RouterClient client(ConnectionSecurity security, String group, UuidAddress self, Queue<String> received) {
        RouterClientConfig config = RouterClientConfig.of(List.of(router.address()), group, self, self.name(),
                new IpAddress(InetAddress.getLoopbackAddress(), 7800)).withSecurity(security);
        return open(RouterClient.start(config, new RouterListener() {
            @Override
            public void onMessage(Address sender, Address destination, byte[] payload) {
                received.add(new String(payload, StandardCharsets.UTF_8));
            }

            @Override
            public void onSuspect(Address member) {
            }
        }));
    }

    /** Refused handshakes of every reason: which one depends on which side gave up first. */
    private double handshakeFailures() {
        AdminClient admin = new AdminClient(router.adminAddress().orElseThrow());
        double sum = 0;
        for (HandshakeFailure reason : HandshakeFailure.values()) {
            sum += admin.metric("xsite_tls_handshake_failures_total", "reason=\"" + reason.tag() + "\"");
        }
        return sum;
    }

    private static UuidAddress bridgeAddress(String site) {
        return UuidAddress.siteUuid(UUID.randomUUID(), "_" + site + "1", site, 0);
    }

    private <T extends AutoCloseable> T open(T closeable) {
        closeAtEnd.add(closeable);
        return closeable;
    }
}
