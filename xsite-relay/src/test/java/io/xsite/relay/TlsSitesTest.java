package io.xsite.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Replies;
import io.xsite.core.member.Member;
import io.xsite.core.member.MemberConfig;
import io.xsite.net.tls.PeerAuthenticator;
import io.xsite.net.tls.PeerRole;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.net.tls.TestCertificates;
import io.xsite.core.internal.tunnel.RouterClient;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.internal.tunnel.RouterListener;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.RelayCodec;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.topology.SiteView;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue #15 on the default deployment: nyc and sfc with certificates of one CA, bridged through one TLS router.
 * Chat flows both ways, sealed end to end; and attack 1, a stranger on the router's port trying to join the bridge
 * and say {@code boss:sfc} in nyc, gets nowhere: with no TLS, with a certificate of another CA, and with a valid
 * certificate of site "evil" registering a bridge address of sfc.
 */
class TlsSitesTest {
    /** The codec of the node these bytes come from or go to. */
    private final RelayCodec codec = new RelayCodec();
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> startLines = new ListAppender<>();
    private TlsDeployment deployment;
    private List<RelayNode> nyc;
    private List<RelayNode> sfc;
    private List<UuidAddress> bridgeBefore;
    private Map<RelayNode, Map<String, SiteView>> topologyBefore;

    @BeforeEach
    void start() {
        startLines.start();
        relayNodeLogger().addAppender(startLines);
        deployment = TlsDeployment.start(dir);
        nyc = deployment.startSite("nyc", 2);
        sfc = deployment.startSite("sfc", 2);
        TlsDeployment.awaitTopology(all(), "nyc", 2, "sfc", 2);
        await("both sites' site masters and standbys are in the bridge").atMost(ofSeconds(15))
                .until(() -> deployment.bridgeMembers().size() == 4);
        bridgeBefore = deployment.bridgeMembers();
        topologyBefore = all().stream().collect(Collectors.toMap(n -> n, RelayNode::topology));
    }

    @AfterEach
    void stop() throws Exception {
        relayNodeLogger().detachAppender(startLines);
        deployment.close();
    }

    @Test
    void chatAndRequestsFlowBothWaysSealedOverTls() throws Exception {
        Map<RelayNode, List<String>> inbox = all().stream().collect(Collectors.toMap(n -> n, TlsSitesTest::inbox));
        all().forEach(node -> node.setRequestHandler(request -> ("reply from " + node.name()).getBytes(UTF_8)));

        nyc.get(1).send(sfc.get(1).address(), "hello sfc".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        sfc.get(0).send(nyc.get(0).address(), "hello nyc".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        Replies fromSfc = nyc.get(0).request(sfc.get(1).address(), "ping".getBytes(UTF_8), ofSeconds(10))
                .get(15, TimeUnit.SECONDS);
        Replies fromNyc = sfc.get(1).request(nyc.get(1).address(), "ping".getBytes(UTF_8), ofSeconds(10))
                .get(15, TimeUnit.SECONDS);

        assertThat(fromSfc.get(sfc.get(1).address()).response().payload()).asString(UTF_8).isEqualTo("reply from sfc1");
        assertThat(fromNyc.get(nyc.get(1).address()).response().payload()).asString(UTF_8).isEqualTo("reply from nyc1");
        await("each line arrived").atMost(ofSeconds(10)).untilAsserted(() -> {
            assertThat(inbox.get(sfc.get(1))).containsExactly("hello sfc from " + nyc.get(1).address());
            assertThat(inbox.get(nyc.get(0))).containsExactly("hello nyc from " + sfc.get(0).address());
        });
        assertThat(startLines.list).as("start lines of the four nodes")
                .filteredOn(e -> e.getFormattedMessage().startsWith("[")
                        && e.getFormattedMessage().contains("relay node started"))
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).endsWith("payloads between sites sealed)"));
        assertThat(all()).allSatisfy(node -> assertThat(counter(node, "xsite_relay_sealing_failures_total"))
                .as("sealing failures at %s", node.address()).isZero());
        assertThat(deployment.routerMetric("xsite_tls_handshake_failures_total", "")).isZero();
    }

    /** (a) A plain member without TLS on the router's port: the handshake fails, it joins nothing, says nothing. */
    @Test
    void aStrangerWithoutTlsGetsNowhere() throws Exception {
        Member mallory = deployment.open(Member.start(strangerOfSfc()));

        await("the router refuses its handshakes").atMost(ofSeconds(15))
                .until(() -> deployment.routerMetric("xsite_tls_handshake_failures_total", "") >= 1);
        mallory.send(nycBridge(), forgedLine()).exceptionally(refused -> null);

        assertNothingGained(List.of(mallory.address()));
        assertThat(mallory.view().members()).as("mallory's view").containsExactly(mallory.address());
    }

    /** (b) A member of "sfc" by a certificate of another CA: no handshake completes, at the router or at Mallory. */
    @Test
    void aStrangerWithACertificateOfAnotherCaGetsNowhere() throws Exception {
        TestCertificates otherCa = TestCertificates.create(dir.resolve("other"), "other-ca");
        ReloadingTls forged = deployment.open(ReloadingTls.start(otherCa.member("sfc")));
        Member mallory = deployment.open(Member.start(strangerOfSfc().withTls(forged)));

        await("the router refuses its handshakes").atMost(ofSeconds(15))
                .until(() -> deployment.routerMetric("xsite_tls_handshake_failures_total", "") >= 1);
        mallory.send(nycBridge(), forgedLine()).exceptionally(refused -> null);

        assertNothingGained(List.of(mallory.address()));
        assertThat(mallory.view().members()).as("mallory's view").containsExactly(mallory.address());
    }

    /**
     * (c) A valid certificate of site "evil" registering a bridge address of sfc, as a raw router client: the router
     * refuses the REGISTER and closes, so the forged line it then sends reaches no one, and it hears nothing.
     */
    @Test
    void aSiteOfTheCaCannotRegisterABridgeAddressOfAnotherSite() throws Exception {
        ReloadingTls evil = deployment.open(ReloadingTls.start(deployment.pki().member("evil")));
        PeerAuthenticator security = new PeerAuthenticator("tunnel", evil, id -> id.role() == PeerRole.ROUTER,
                "a router", new SimpleMeterRegistry());
        UuidAddress claimed = UuidAddress.siteUuid(UUID.randomUUID(), "_sfc0", "sfc", 0);
        Queue<byte[]> heard = new ConcurrentLinkedQueue<>();
        RouterClientConfig config = RouterClientConfig.of(List.of(deployment.router().address()),
                TlsDeployment.BRIDGE, claimed, claimed.name(), new IpAddress(InetAddress.getLoopbackAddress(), 7800))
                .withSecurity(security);
        RouterClient mallory = deployment.open(RouterClient.start(config, new RouterListener() {
            @Override
            public void onMessage(Address sender, Address destination, byte[] payload) {
                heard.add(payload);
            }

            @Override
            public void onSuspect(Address member) {
                // Suspicions tell nothing about the sites: the refusal itself arrives as one.
            }
        }));

        await("the router refuses the REGISTER").atMost(ofSeconds(15))
                .until(() -> deployment.routerMetric("xsite_router_registrations_refused_total",
                        "reason=\"policy\"") >= 1);
        mallory.send(nycBridge(), forgedLine()).exceptionally(refused -> null);

        assertNothingGained(List.of(claimed));
        assertThat(mallory.connectedRouters()).isEmpty();
        assertThat(heard).as("frames mallory heard").isEmpty();
    }

    /**
     * The stranger is in no bridge view (the router, from which bridge members learn each other, lists only the
     * two site masters), the sites see what they saw, and nyc delivers a real line of sfc's but nothing forged.
     */
    private void assertNothingGained(List<UuidAddress> strangers) throws Exception {
        List<String> atNyc = inbox(nyc.get(1));
        sfc.get(1).send(nyc.get(1).address(), "real".getBytes(UTF_8)).get(5, TimeUnit.SECONDS);
        await("a real line of sfc's arrives, the forged one never").atMost(ofSeconds(10)).during(ofSeconds(2))
                .until(() -> atNyc.equals(List.of("real from " + sfc.get(1).address())));

        assertThat(deployment.bridgeMembers()).containsExactlyInAnyOrderElementsOf(bridgeBefore)
                .doesNotContainAnyElementsOf(strangers);
        all().forEach(n -> assertThat(n.topology()).as("sites seen by %s", n.address())
                .isEqualTo(topologyBefore.get(n)));
    }

    private MemberConfig strangerOfSfc() {
        return MemberConfig.loopback(TlsDeployment.BRIDGE, "_mallory").withSite("sfc")
                .withTunnel(List.of(deployment.router().address())).withDiscovery(null).withSiteMasterEligible(false);
    }

    private UuidAddress nycBridge() {
        return bridgeBefore.stream().filter(a -> "nyc".equals(a.site())).findFirst().orElseThrow();
    }

    /** A chat line for nyc1 whose origin is boss:sfc. */
    private byte[] forgedLine() {
        UuidAddress boss = UuidAddress.siteUuid(UUID.randomUUID(), "boss", "sfc", 0);
        return codec.encode(new Envelope.Data(Route.from(boss, new Destination.Member(nyc.get(1).address())),
                0x6666_0000_0001L, 1, 1, AppPayload.message("wire the money".getBytes(UTF_8))));
    }

    private List<RelayNode> all() {
        return Stream.concat(nyc.stream(), sfc.stream()).toList();
    }

    private static List<String> inbox(RelayNode node) {
        List<String> inbox = new CopyOnWriteArrayList<>();
        node.addMessageListener(m -> inbox.add(new String(m.payload(), UTF_8) + " from " + m.sender()));
        return inbox;
    }

    private static double counter(RelayNode node, String name) {
        return node.metricsText().lines().filter(line -> line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static Logger relayNodeLogger() {
        return (Logger) LoggerFactory.getLogger(RelayNode.class);
    }
}
