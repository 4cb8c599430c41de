package io.xsite.core.internal.tunnel;

import static io.xsite.core.internal.tunnel.RouterClientTest.awaitUp;
import static io.xsite.core.internal.tunnel.TestMembers.GROUP;
import static io.xsite.core.internal.tunnel.TestMembers.bytes;
import static io.xsite.core.internal.tunnel.TestMembers.member;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import io.xsite.core.transport.tunnel.RouterClientConfig;

class RouterFailoverTest {

    @Test
    void messagesKeepFlowingThroughTheOtherRouterAndTheClientReRegistersAfterARestart() throws Exception {
        try (JGroupsRouter first = JGroupsRouter.start(); JGroupsRouter second = JGroupsRouter.start()) {
            List<InetSocketAddress> routers = List.of(first.address(), second.address());
            RouterClientConfig aConfig = member("nyc1", "nyc", routers);
            RouterClientConfig bConfig = member("sfc1", "sfc", routers);
            RecordingListener bHears = new RecordingListener();
            try (RouterClient a = RouterClient.start(aConfig, new RecordingListener(), new SplittableRandom(1));
                 RouterClient b = RouterClient.start(bConfig, bHears, new SplittableRandom(2))) {
                awaitUp(a, first.address(), second.address());
                awaitUp(b, first.address(), second.address());

                sendNumbered(a, bConfig, 1, 50);
                await("B gets the first 50 messages").atMost(ofSeconds(5))
                        .untilAsserted(() -> assertThat(bHears.texts()).hasSize(50));
                first.stop(); // A's preferred router: the first of the list
                sendNumbered(a, bConfig, 51, 100);

                await("B gets all 100 messages, the last 50 through the second router").atMost(ofSeconds(5))
                        .untilAsserted(() -> assertThat(bHears.texts()).containsExactlyInAnyOrderElementsOf(
                                IntStream.rangeClosed(1, 100).mapToObj(i -> "message " + i).toList()));
                assertThat(a.connectedRouters()).containsExactly(second.address());

                first.restart();

                awaitUp(a, first.address(), second.address());
                await("the restarted router lists A and B again").atMost(ofSeconds(5)).untilAsserted(() ->
                        assertThat(RouterMembersQuery.query(first.address(), GROUP, ofSeconds(2)))
                                .extracting(m -> m.ping().sender(), m -> m.ping().logicalName())
                                .containsExactlyInAnyOrder(
                                        org.assertj.core.groups.Tuple.tuple(aConfig.self(), "_nyc1:nyc"),
                                        org.assertj.core.groups.Tuple.tuple(bConfig.self(), "_sfc1:sfc")));
            }
        }
    }

    @Test
    void aRouterThatNeverAnswersIsDroppedAfterTheHeartbeatTimeoutAndRetriedWhileTheRealOneCarriesTraffic()
            throws Exception {
        try (JGroupsRouter real = JGroupsRouter.start(); SilentRouter silent = new SilentRouter()) {
            // The silent router comes first in preference order: it must still never take a message.
            List<InetSocketAddress> routers = List.of(silent.address(), real.address());
            RouterClientConfig aConfig = member("nyc1", "nyc", routers);
            RouterClientConfig bConfig = member("sfc1", "sfc", List.of(real.address()));
            RecordingListener aHears = new RecordingListener();
            RecordingListener bHears = new RecordingListener();
            try (RouterClient a = RouterClient.start(aConfig, aHears, new SplittableRandom(3));
                 RouterClient b = RouterClient.start(bConfig, bHears, new SplittableRandom(4))) {
                awaitUp(a, real.address());
                awaitUp(b, real.address());

                sendNumbered(a, bConfig, 1, 20);

                await("B gets every message through the real router").atMost(ofSeconds(5))
                        .untilAsserted(() -> assertThat(bHears.texts()).hasSize(20));
                await("A drops the silent router after the heartbeat timeout and connects again")
                        .atMost(ofSeconds(5)).untilAsserted(() -> assertThat(silent.accepted()).hasSizeGreaterThan(1));
                assertThat(drainUntilClosed(silent.accepted().get(0)))
                        .as("A closed the first connection; it had sent REGISTER and heartbeats").isGreaterThan(0);
                assertThat(aHears.ups()).containsOnly(real.address());
                assertThat(a.connectedRouters()).containsExactly(real.address());
            }
        }
    }

    private static void sendNumbered(RouterClient from, RouterClientConfig to, int firstNumber, int lastNumber) {
        CompletableFuture<?>[] sends = IntStream.rangeClosed(firstNumber, lastNumber)
                .mapToObj(i -> from.send(to.self(), bytes("message " + i))).toArray(CompletableFuture[]::new);
        assertThat(CompletableFuture.allOf(sends)).succeedsWithin(ofSeconds(5));
    }

    /** Reads what the client sent until it closes the connection; returns the byte count. */
    private static int drainUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        try (InputStream in = socket.getInputStream()) {
            return in.readAllBytes().length;
        }
    }

    /** A "router" that accepts connections and never sends a byte: a hung or black-holed router. */
    private static final class SilentRouter implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::acceptForever, "silent-router");

        SilentRouter() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", server.getLocalPort());
        }

        List<Socket> accepted() {
            return accepted;
        }

        private void acceptForever() {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // close() closed the server socket: the acceptor ends
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
            acceptor.join(5_000);
        }
    }
}
