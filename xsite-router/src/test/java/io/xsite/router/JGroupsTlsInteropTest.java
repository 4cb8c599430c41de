package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.net.admin.AdminAccess;
import io.xsite.net.tls.CertificateAuthority;
import io.xsite.net.tls.HandshakeFailure;
import io.xsite.net.tls.IssuedCertificate;
import io.xsite.net.tls.PeerIdentity;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jgroups.JChannel;
import org.jgroups.ObjectMessage;
import org.jgroups.util.TLS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JGroups 5.5 TUNNEL members with TLS against a TLS router (issue #15, "Interop stays"): their key
 * stores are what {@code xsite pki} issues, written as PKCS#12 ({@link IssuedCertificate#writePkcs12}). In
 * XML the TUNNEL of such a member reads:
 * <pre>{@code
 * <TUNNEL gossip_router_hosts="router[12001]"
 *         tls.enabled="true"
 *         tls.keystore_path="/etc/xsite/tls.p12" tls.keystore_password="..." tls.keystore_type="PKCS12"
 *         tls.truststore_path="/etc/xsite/ca.p12" tls.truststore_password="..." tls.truststore_type="PKCS12"/>
 * }</pre>
 * The JDK's client offers TLS 1.3, which the router insists on; JGroups' {@code tls.protocols} and
 * {@code tls.client_auth} only shape its server sockets, so a TUNNEL member needs neither.
 */
class JGroupsTlsInteropTest {
    private static final String SITE = "nyc";
    private static final char[] PASSWORD = "store-password".toCharArray();
    /** How long an intruder is watched staying out: several of its stub's reconnect attempts and MERGE3 rounds. */
    private static final Duration STAYS_OUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
    private TestCertificates pki;
    private GossipRouter router;
    private JChannel a;
    private JChannel b;
    private final Queue<String> receivedByA = new ConcurrentLinkedQueue<>();
    private final Queue<String> receivedByB = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startTlsRouterAndTwoMembersOfNyc() throws Exception {
        pki = TestCertificates.create(dir, "test-ca");
        ReloadingTls routerTls = open(ReloadingTls.start(pki.issue(new PeerIdentity(PeerRole.ROUTER, "r1"), "r1")));
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, 0), routerTls, Set.of("bridge"),
                AdminAccess.OPEN);
        a = open(channel("A", tls(pki.ca(), SITE, "a"), receivedByA));
        b = open(channel("B", tls(pki.ca(), SITE, "b"), receivedByB));
        a.connect(SITE);
        b.connect(SITE);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeAtEnd.size() - 1; i >= 0; i--) {
            closeAtEnd.get(i).close();
        }
        router.close();
    }

    @Test
    void twoTlsTunnelMembersOfASiteFormOneViewInItsClusterAndExchangeMessages() throws Exception {
        awaitViewOfAAndB();

        a.send(new ObjectMessage(null, "multicast from A"));
        b.send(new ObjectMessage(null, "multicast from B"));
        a.send(new ObjectMessage(b.getAddress(), "unicast A to B"));
        b.send(new ObjectMessage(a.getAddress(), "unicast B to A"));

        await("both received both multicasts and their unicast").atMost(ofSeconds(10)).untilAsserted(() -> {
            assertThat(receivedByA).containsExactlyInAnyOrder("multicast from A", "multicast from B",
                    "unicast B to A");
            assertThat(receivedByB).containsExactlyInAnyOrder("multicast from A", "multicast from B",
                    "unicast A to B");
        });
        assertThat(router.connectionCount()).isEqualTo(2);
        assertThat(handshakeFailures()).isZero();
    }

    @Test
    void aTunnelMemberWithACertificateOfAnotherCaIsRefusedAtTheHandshake() throws Exception {
        awaitViewOfAAndB();
        TestCertificates stranger = TestCertificates.create(dir.resolve("stranger"), "stranger-ca");
        // Its trust store holds our CA, so it accepts the router; the JDK's key manager then offers no certificate
        // the router's CA did not issue, and the router refuses the handshake for want of one (no_certificate).
        TLS strangerTls = tls(stranger.ca(), SITE, "stranger").setTruststorePath(
                dir.resolve("a").resolve(IssuedCertificate.PKCS12_TRUST_FILE).toString());
        JChannel intruder = open(channel("X", strangerTls, new ConcurrentLinkedQueue<>()));
        intruder.connect(SITE);

        await("the router refuses its handshake").atMost(ofSeconds(15)).until(() -> handshakeFailures() >= 1);
        assertStaysOut(intruder);
    }

    @Test
    void aTunnelMemberOfAnotherSiteCannotJoinTheSitesCluster() throws Exception {
        awaitViewOfAAndB();
        JChannel intruder = open(channel("S", tls(pki.ca(), "sfc", "sfc"), new ConcurrentLinkedQueue<>()));
        intruder.connect(SITE);

        // The refusal is a SUSPECT of its own address; JGroups 5.5 logs it at ERROR (JGRP000186, an
        // UnsupportedOperationException: VERIFY_SUSPECT removes itself from TUNNEL's singletonList) and goes on.
        await("the router refuses its REGISTER").atMost(ofSeconds(15))
                .until(() -> router.refusedCount(RegistrationRefusal.POLICY) >= 1);
        assertStaysOut(intruder);
    }

    private void awaitViewOfAAndB() {
        await("A and B install a view of two").atMost(ofSeconds(20)).untilAsserted(() -> {
            assertThat(a.getView().getMembers()).containsExactlyInAnyOrder(a.getAddress(), b.getAddress());
            assertThat((Object) b.getView()).isEqualTo(a.getView());
        });
    }

    private void assertStaysOut(JChannel intruder) {
        await("the intruder stays out of the view").atMost(STAYS_OUT.plusSeconds(5)).during(STAYS_OUT)
                .untilAsserted(() -> {
                    assertThat(a.getView().getMembers()).containsExactlyInAnyOrder(a.getAddress(), b.getAddress());
                    assertThat((Object) b.getView()).isEqualTo(a.getView());
                    assertThat(intruder.getView().getMembers()).containsExactly(intruder.getAddress());
                });
        assertThat(router.connectionCount()).isEqualTo(2);
    }

    /**
     * JGroups' TLS for a member of {@code site} whose certificate {@code ca} issues, its key stores written in
     * {@code dir/<storeDir>} as an operator would hand them to JGroups.
     */
    private TLS tls(CertificateAuthority ca, String site, String storeDir) throws IOException {
        Path stores = dir.resolve(storeDir);
        ca.issue(PeerIdentity.member(site), Duration.ofDays(1)).writePkcs12(stores, PASSWORD);
        String password = new String(PASSWORD);
        return new TLS().enabled(true)
                .setKeystorePath(stores.resolve(IssuedCertificate.PKCS12_FILE).toString())
                .setKeystorePassword(password).setKeystoreType("PKCS12")
                .setTruststorePath(stores.resolve(IssuedCertificate.PKCS12_TRUST_FILE).toString())
                .setTruststorePassword(password).setTruststoreType("PKCS12");
    }

    private JChannel channel(String name, TLS tls, Queue<String> received) throws Exception {
        return TunnelChannels.channel(name, router.address(), tls, received);
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

    private <T extends AutoCloseable> T open(T closeable) {
        closeAtEnd.add(closeable);
        return closeable;
    }
}
