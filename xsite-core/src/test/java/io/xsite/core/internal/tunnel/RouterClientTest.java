package io.xsite.core.internal.tunnel;

import static io.xsite.core.internal.tunnel.TestMembers.GROUP;
import static io.xsite.core.internal.tunnel.TestMembers.bytes;
import static io.xsite.core.internal.tunnel.TestMembers.member;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.Address;
import io.xsite.core.internal.tunnel.RecordingListener.Received;
import io.xsite.core.transport.tunnel.NoRouterAvailableException;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RouterClientTest {

    @Test
    void twoMembersExchangeUnicastsAndMulticastsThroughAJGroupsRouter() throws Exception {
        try (JGroupsRouter router = JGroupsRouter.start()) {
            RecordingListener aHears = new RecordingListener();
            RecordingListener bHears = new RecordingListener();
            RouterClientConfig aConfig = member("nyc1", "nyc", List.of(router.address()));
            RouterClientConfig bConfig = member("sfc1", "sfc", List.of(router.address()));
            Address a = aConfig.self();
            Address b = bConfig.self();
            try (RouterClient aClient = RouterClient.start(aConfig, aHears, new SplittableRandom(1));
                 RouterClient bClient = RouterClient.start(bConfig, bHears, new SplittableRandom(2))) {
                awaitUp(aClient, router.address());
                awaitUp(bClient, router.address());

                aClient.send(b, bytes("a to b")).get();
                aClient.send(null, bytes("a to all")).get();
                bClient.send(a, bytes("b to a")).get();
                bClient.send(null, bytes("b to all")).get();

                await("B gets A's unicast and multicast").atMost(ofSeconds(5)).untilAsserted(() ->
                        assertThat(bHears.messages()).containsExactlyInAnyOrder(
                                new Received(a, b, "a to b"), new Received(a, null, "a to all")));
                await("A gets B's unicast and multicast").atMost(ofSeconds(5)).untilAsserted(() ->
                        assertThat(aHears.messages()).containsExactlyInAnyOrder(
                                new Received(b, a, "b to a"), new Received(b, null, "b to all")));
                await("neither gets the router's echo of its own multicast").during(ofMillis(300))
                        .atMost(ofSeconds(2)).untilAsserted(() -> {
                            assertThat(aHears.messages()).extracting(Received::sender).containsOnly(b);
                            assertThat(bHears.messages()).extracting(Received::sender).containsOnly(a);
                        });
            }
        }
    }

    @Test
    void payloadBytesArriveUnchanged() throws Exception {
        try (JGroupsRouter router = JGroupsRouter.start()) {
            RouterClientConfig aConfig = member("nyc1", "nyc", List.of(router.address()));
            RouterClientConfig bConfig = member("sfc1", "sfc", List.of(router.address()));
            byte[] payload = new byte[70_000];
            new SplittableRandom(7).nextBytes(payload);
            java.util.concurrent.CompletableFuture<byte[]> got = new java.util.concurrent.CompletableFuture<>();
            RouterListener bListener = new RouterListener() {
                @Override
                public void onMessage(Address sender, Address destination, byte[] bytes) {
                    got.complete(bytes);
                }

                @Override
                public void onSuspect(Address member) {
                }
            };
            try (RouterClient aClient = RouterClient.start(aConfig, new RecordingListener());
                 RouterClient bClient = RouterClient.start(bConfig, bListener)) {
                awaitUp(aClient, router.address());
                awaitUp(bClient, router.address());

                aClient.send(bConfig.self(), payload).get();

                assertThat(got).succeedsWithin(ofSeconds(5)).isEqualTo(payload);
            }
        }
    }

    @Test
    void sendFailsWithNoRouterAvailableWhenNoRouterIsUp() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        RouterClientConfig config = member("nyc1", "nyc", List.of(new InetSocketAddress("127.0.0.1", port)));
        try (RouterClient client = RouterClient.start(config, new RecordingListener())) {

            assertThat(client.send(null, bytes("nobody hears this")))
                    .failsWithin(ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(NoRouterAvailableException.class);
            assertThat(client.connectedRouters()).isEmpty();
        }
    }

    @Test
    void aMemberWhoseRouterConnectionDropsIsSuspected() throws Exception {
        try (JGroupsRouter router = JGroupsRouter.start()) {
            RecordingListener aHears = new RecordingListener();
            try (RouterClient aClient = RouterClient.start(member("nyc1", "nyc", List.of(router.address())), aHears);
                 JGroupsMember b = JGroupsMember.register(router.address(), GROUP, "B", 7802)) {
                awaitUp(aClient, router.address());
                await("the router has B registered").atMost(ofSeconds(5)).untilAsserted(() ->
                        assertThat(RouterMembersQuery.query(router.address(), GROUP, ofSeconds(2)))
                                .extracting(m -> m.ping().sender()).contains(b.address()));

                b.crash();

                await("A is told that B is suspected").atMost(ofSeconds(5)).untilAsserted(() ->
                        assertThat(aHears.suspects()).containsExactly(b.address()));
            }
        }
    }

    @Test
    void closeUnregistersFromTheRouter() throws Exception {
        try (JGroupsRouter router = JGroupsRouter.start()) {
            RouterClientConfig config = member("nyc1", "nyc", List.of(router.address()));
            RecordingListener observerHears = new RecordingListener();
            try (RouterClient observer = RouterClient.start(member("sfc1", "sfc", List.of(router.address())),
                    observerHears)) {
                RouterClient client = RouterClient.start(config, new RecordingListener());
                awaitUp(client, router.address());
                awaitUp(observer, router.address());

                client.close();

                await("the router no longer lists the closed member").atMost(ofSeconds(5)).untilAsserted(() ->
                        assertThat(RouterMembersQuery.query(router.address(), GROUP, ofSeconds(2)))
                                .extracting(m -> m.ping().sender()).doesNotContain(config.self()));
                assertThat(observerHears.suspects()).as("a clean leave is not a suspicion").isEmpty();
            }
        }
    }

    static void awaitUp(RouterClient client, InetSocketAddress... routers) {
        await("client registered with " + List.of(routers)).atMost(ofSeconds(5))
                .untilAsserted(() -> assertThat(client.connectedRouters()).containsExactly(routers));
    }
}
