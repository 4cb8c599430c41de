package io.xsite.core.discovery;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.tls.ConnectionSecurity;
import io.xsite.core.internal.tunnel.RouterClient;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.internal.tunnel.RouterListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jgroups.stack.GossipRouter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Router discovery against real JGroups 5.5 GossipRouters, with members registered by xsite's RouterClient. */
class RouterDiscoveryTest {
    private static final String CLUSTER = "nyc";
    private static final Duration QUERY_TIMEOUT = ofMillis(500);

    /** Members here only register; what they receive does not matter. */
    private static final RouterListener IGNORE = new RouterListener() {
        @Override
        public void onMessage(Address sender, Address destination, byte[] payload) {
        }

        @Override
        public void onSuspect(Address member) {
        }
    };

    private GossipRouter first;
    private GossipRouter second;

    @BeforeEach
    void startRouters() throws Exception {
        first = new GossipRouter("127.0.0.1", 0).start();
        second = new GossipRouter("127.0.0.1", 0).start();
    }

    @AfterEach
    void stopRouters() {
        first.stop();
        second.stop();
    }

    @Test
    void membersOfEveryReachableRouterAreMergedOnceEachWithLogicalAndPhysicalAddress() throws Exception {
        RouterClientConfig a = member(CLUSTER, "A", 7801, List.of(address(first)));
        RouterClientConfig b = member(CLUSTER, "B", 7802, List.of(address(second)));
        RouterClientConfig c = member(CLUSTER, "C", 7803, List.of(address(first), address(second)));
        RouterClientConfig otherCluster = member("sfc", "X", 7804, List.of(address(first)));
        List<InetSocketAddress> routers = List.of(address(first), unreachableRouter(), address(second));
        try (RouterClient aClient = RouterClient.start(a, IGNORE);
             RouterClient bClient = RouterClient.start(b, IGNORE);
             RouterClient cClient = RouterClient.start(c, IGNORE);
             RouterClient xClient = RouterClient.start(otherCluster, IGNORE);
             RouterDiscovery discovery = new RouterDiscovery(CLUSTER, routers, QUERY_TIMEOUT,
                     ConnectionSecurity.PLAIN)) {

            await("A on the first router, B on the second and C on both are found once each, the down router skipped")
                    .atMost(ofSeconds(10))
                    .untilAsserted(() -> assertThat(find(discovery)).containsExactlyInAnyOrder(
                            candidate(a, 7801), candidate(b, 7802), candidate(c, 7803)));
        }
    }

    @Test
    void noReachableRouterMeansNoCandidatesRatherThanAnError() throws Exception {
        try (RouterDiscovery discovery = new RouterDiscovery(CLUSTER, List.of(unreachableRouter()), QUERY_TIMEOUT,
                ConnectionSecurity.PLAIN)) {

            assertThat(find(discovery)).isEmpty();
        }
    }

    @Test
    void aClusterNobodyRegisteredInHasNoCandidatesAfterTheQueryTimeout() throws Exception {
        try (RouterDiscovery discovery = new RouterDiscovery("empty", List.of(address(first)), QUERY_TIMEOUT,
                ConnectionSecurity.PLAIN)) {
            long start = System.nanoTime();

            assertThat(find(discovery)).isEmpty();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(QUERY_TIMEOUT.toNanos());
        }
    }

    /** Member {@code name} of {@code cluster} advertising 127.0.0.1:{@code port}, with test timings. */
    private static RouterClientConfig member(String cluster, String name, int port, List<InetSocketAddress> routers) {
        UuidAddress self = UuidAddress.siteUuid(UUID.randomUUID(), name, null, 0);
        return RouterClientConfig.of(routers, cluster, self, name, new IpAddress(InetAddress.getLoopbackAddress(), port))
                .withHeartbeat(ofMillis(100), ofMillis(400))
                .withReconnectDelays(ofMillis(20), ofMillis(200))
                .withConnectTimeout(ofSeconds(1));
    }

    private static Candidate candidate(RouterClientConfig member, int port) {
        return new Candidate((UuidAddress) member.self(), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static InetSocketAddress address(GossipRouter router) {
        return new InetSocketAddress("127.0.0.1", ((org.jgroups.stack.IpAddress) router.localAddress()).getPort());
    }

    /** A loopback port nobody listens on: connecting is refused at once. */
    private static InetSocketAddress unreachableRouter() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", free.getLocalPort());
        }
    }

    private static List<Candidate> find(Discovery discovery) throws Exception {
        return discovery.find().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
