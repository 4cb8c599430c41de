package io.xsite.core.internal.tunnel;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A router that refuses our REGISTER says so with a SUSPECT of our own address and closes: the client must
 * never count it as up (it would otherwise send through it), and retries it with backoff.
 */
class RouterRefusalTest {
    private static final String GROUP = "g";

    @Test
    void routerThatRefusesTheRegistrationIsNeverUpAndIsRetried() throws Exception {
        UuidAddress self = UuidAddress.randomUuid();
        try (RefusingRouter router = new RefusingRouter(GossipData.suspect(GROUP, self))) {
            RecordingListener listener = new RecordingListener();
            RouterClientConfig config = RouterClientConfig.of(List.of(router.address()), GROUP, self, "M",
                    new IpAddress(InetAddress.getLoopbackAddress(), 7800))
                    .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200));
            try (RouterClient client = RouterClient.start(config, listener)) {
                await("the router refused the client twice").atMost(ofSeconds(10))
                        .until(() -> router.refusals() >= 2);

                assertThat(client.connectedRouters()).isEmpty();
                assertThat(listener.ups()).isEmpty();
                assertThat(listener.suspects()).doesNotContain(self);
            }
        }
    }

    /** Answers every connection's first frame with {@code answer}, then closes it, as a refusing router does. */
    private static final class RefusingRouter implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger refusals = new AtomicInteger();
        private final Thread acceptor;

        RefusingRouter(GossipData answer) throws IOException {
            byte[] framed = framed(answer);
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        DataInputStream in = new DataInputStream(socket.getInputStream());
                        in.readFully(new byte[in.readInt()]);
                        socket.getOutputStream().write(framed);
                        refusals.incrementAndGet();
                    } catch (IOException closedOrGone) {
                        // the test ended, or the client went away first
                    }
                }
            }, "refusing-router");
            acceptor.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) server.getLocalSocketAddress();
        }

        int refusals() {
            return refusals.get();
        }

        private static byte[] framed(GossipData data) {
            ByteBuf buf = GossipFraming.encodeFramed(data, UnpooledByteBufAllocator.DEFAULT);
            try {
                return ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
        }

        @Override
        public void close() {
            try {
                server.close();
                acceptor.join(5_000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
