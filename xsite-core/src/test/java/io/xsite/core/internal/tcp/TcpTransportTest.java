package io.xsite.core.internal.tcp;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.Frames;
import io.xsite.core.transport.OnLoop;
import io.xsite.core.transport.RecordingTransportListener;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** What only the tcp transport does: dial races, handshake checks, frame limits, redial, backpressure. */
class TcpTransportTest {
    private static final String CLUSTER = "tcp-test";
    private static final InetSocketAddress EPHEMERAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A started transport on its loop, with its listener and metrics. */
    private record Node(UuidAddress address, OnLoop<TcpTransport> transport, RecordingTransportListener listener,
                        SimpleMeterRegistry metrics) {
        InetSocketAddress physical() {
            return transport.transport().physicalAddress();
        }

        double rejected(String reason) {
            return metrics.get("xsite.transport.connections.rejected").tag("reason", reason).counter().count();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @RepeatedTest(20)
    void simultaneousDialEndsWithOneConnectionAndLosesNoFrame() throws Exception {
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("a"));
        Node b = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("b"));
        a.transport().run(t -> t.learn(b.address(), b.physical()));
        b.transport().run(t -> t.learn(a.address(), a.physical()));
        a.listener().expect(b.address(), 2);
        b.listener().expect(a.address(), 1);
        int frames = 50;
        CyclicBarrier together = new CyclicBarrier(2);

        CompletableFuture<Void> aSends = CompletableFuture.runAsync(() -> sendAfter(together, a, b, 1, frames));
        CompletableFuture<Void> bSends = CompletableFuture.runAsync(() -> sendAfter(together, b, a, 2, frames));
        CompletableFuture.allOf(aSends, bSends).get(10, TimeUnit.SECONDS);

        await("both get every frame").atMost(ofSeconds(10)).until(() ->
                a.listener().received(b.address()) == frames && b.listener().received(a.address()) == frames);
        assertThat(a.listener().problems()).isEmpty();
        assertThat(b.listener().problems()).isEmpty();
        await("one connection survives the simultaneous dial").atMost(ofSeconds(5)).untilAsserted(() -> {
            assertThat(a.transport().call(TcpTransport::openConnections)).isEqualTo(1);
            assertThat(b.transport().call(TcpTransport::openConnections)).isEqualTo(1);
        });
        assertThat(a.transport().call(TcpTransport::connectedPeers)).containsExactly(b.address());
        assertThat(b.transport().call(TcpTransport::connectedPeers)).containsExactly(a.address());
    }

    @Test
    void helloFromAnotherClusterIsRefused() throws Exception {
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("a"));
        Node stranger = node("other-cluster", TcpTransportConfig.listeningOn(EPHEMERAL), member("x"));
        stranger.transport().run(t -> t.learn(a.address(), a.physical()));

        assertThat(stranger.transport().check(t -> t.send(a.address(), Frames.buffer(new byte[] {1})))).isTrue();

        await("A refuses the stranger's HELLO").atMost(ofSeconds(5)).until(() -> a.rejected("cluster") >= 1);
        assertThat(a.listener().connected()).isEmpty();
        assertThat(a.listener().received(stranger.address())).isZero();
        assertThat(a.transport().call(TcpTransport::connectedPeers)).isEmpty();
    }

    @Test
    void aGarbageFirstFrameClosesTheConnection() throws Exception {
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("a"));
        try (RawPeer raw = RawPeer.connect(a.physical(), 0)) {
            raw.writeFrame(new byte[] {9, 9, 9, 9, 9});

            assertThat(raw.read()).as("A closes the connection").isEqualTo(-1);
        }
        assertThat(a.rejected("malformed")).isEqualTo(1);
    }

    @Test
    void aFrameAboveMaxFrameBytesClosesOnlyThatConnection() throws Exception {
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL).withMaxFrameBytes(1024), member("a"));
        Node b = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("b"));
        Node c = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("c"));
        b.transport().run(t -> t.learn(a.address(), a.physical()));
        c.transport().run(t -> t.learn(a.address(), a.physical()));
        b.transport().check(t -> t.send(a.address(), Frames.buffer(new byte[] {1})));
        c.transport().check(t -> t.send(a.address(), Frames.buffer(new byte[] {1})));
        await("A hears B and C").atMost(ofSeconds(5)).until(() ->
                a.listener().received(b.address()) == 1 && a.listener().received(c.address()) == 1);

        b.transport().check(t -> t.send(a.address(), Frames.buffer(new byte[2000])));

        await("A drops the connection to B").atMost(ofSeconds(5))
                .until(() -> a.listener().disconnected().contains(b.address()));
        assertThat(a.rejected("too_long")).isEqualTo(1);
        c.transport().check(t -> t.send(a.address(), Frames.buffer(new byte[] {2})));
        await("C still gets through").atMost(ofSeconds(5)).until(() -> a.listener().received(c.address()) == 2);
        assertThat(a.listener().disconnected()).containsExactly(b.address());
        assertThat(a.transport().call(TcpTransport::connectedPeers)).containsExactly(c.address());
        assertThat(a.listener().received(b.address())).isEqualTo(1);
    }

    @Test
    void redialsAPeerThatRestartedOnTheSamePort() throws Exception {
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("a"));
        UuidAddress bAddress = member("b");
        Node b = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), bAddress);
        InetSocketAddress bListens = b.physical();
        a.transport().run(t -> t.learn(bAddress, bListens));
        a.transport().check(t -> t.send(bAddress, Frames.buffer(new byte[] {1})));
        await("B gets the first frame").atMost(ofSeconds(5)).until(() -> b.listener().received(a.address()) == 1);

        b.transport().run(TcpTransport::close);
        await("A notices B is gone").atMost(ofSeconds(5)).until(() -> a.listener().disconnected().contains(bAddress));
        Node restarted = node(CLUSTER, TcpTransportConfig.listeningOn(bListens), bAddress);
        assertThat(a.transport().check(t -> t.send(bAddress, Frames.buffer(new byte[] {2})))).isTrue();

        await("the restarted B gets the next frame").atMost(ofSeconds(5))
                .until(() -> restarted.listener().received(a.address()) == 1);
        assertThat(a.listener().connected()).containsExactly(bAddress, bAddress);
    }

    @Test
    void aPeerThatStopsReadingMakesSendRefuseUntilItDrains() throws Exception {
        int low = 32 << 10;
        int high = 64 << 10;
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL).withWriteBufferWaterMarks(low, high),
                member("a"));
        UuidAddress slow = member("slow");
        try (RawPeer raw = RawPeer.connect(a.physical(), 16 << 10)) {
            raw.dial(CLUSTER, slow);
            assertThat(raw.readHello().role()).isEqualTo(Hello.Role.ACCEPT);
            await("A has the slow peer connected").atMost(ofSeconds(5))
                    .until(() -> a.transport().check(t -> t.connectedPeers().contains(slow)));

            byte[] payload = new byte[16 << 10];
            AtomicLong accepted = new AtomicLong();
            AtomicInteger sent = new AtomicInteger();
            // Sends while A takes frames. The kernel's buffers keep absorbing some for a while, so A is full
            // only once it has refused every attempt for 300 ms.
            await("A refuses frames for the peer that does not read").atMost(ofSeconds(10))
                    .during(ofMillis(300)).pollInterval(ofMillis(50)).until(() -> {
                        int before = sent.get();
                        while (sent.get() < 10_000 && a.transport().check(t -> t.send(slow, Frames.buffer(payload)))) {
                            accepted.addAndGet(4 + payload.length);
                            sent.incrementAndGet();
                        }
                        return sent.get() == before && !a.transport().check(t -> t.isWritable(slow));
                    });

            assertThat(sent.get()).as("send refuses before 10,000 frames (160 MiB)").isLessThan(10_000);
            assertThat(accepted.get()).as("bytes taken for a peer that does not read").isLessThan(16L << 20);
            int writableBefore = a.listener().writable().size();

            raw.drain(accepted.get());

            await("A reports the slow peer writable after it drained").atMost(ofSeconds(5))
                    .untilAsserted(() -> assertThat(a.listener().writable())
                            .as("onWritable calls (writable now: %s)", a.transport().check(t -> t.isWritable(slow)))
                            .hasSizeGreaterThan(writableBefore));
            assertThat(a.listener().writable()).containsOnly(slow);
            assertThat(a.transport().check(t -> t.isWritable(slow))).isTrue();
        }
    }

    @Test
    void aDialWaitsForALateAnswerAndDeliversTheFramesBehindIt() throws Exception {
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL).withConnectTimeout(ofMillis(200))
                .withLivenessWindow(ofSeconds(10)), member("a"));
        UuidAddress slow = member("slow");
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            a.transport().run(t -> t.learn(slow, (InetSocketAddress) listening.getLocalSocketAddress()));
            assertThat(a.transport().check(t -> t.send(slow, Frames.buffer(new byte[] {7})))).isTrue();
            try (RawPeer raw = RawPeer.accept(listening)) {
                assertThat(raw.readHello().role()).isEqualTo(Hello.Role.DIAL);

                // A loaded member answers well after the connect timeout: the dial must still be open.
                await("A keeps the dial open past its connect timeout").atMost(ofSeconds(10))
                        .during(ofMillis(600)).until(() -> a.rejected("timeout") == 0);
                raw.hello(CLUSTER, slow, Hello.Role.ACCEPT);
                raw.writeFrame(new byte[] {9});

                assertThat(raw.readFrame()).as("A's frame, waiting for the dial").containsExactly(7);
                await("A gets the frame written behind the late ACCEPT").atMost(ofSeconds(5))
                        .until(() -> a.listener().received(slow) == 1);
                assertThat(a.listener().connected()).containsExactly(slow);
            }
        }
    }

    @Test
    void probeAnswersWithTheIdentityOfTheMemberThere() throws Exception {
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("a"));
        Node b = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("b"));

        UuidAddress found = a.transport().call(t -> t.probe(b.physical())).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(found).isEqualTo(b.address());
        await("the probe connection closes").atMost(ofSeconds(5))
                .until(() -> a.transport().call(TcpTransport::openConnections) == 0
                        && b.transport().call(TcpTransport::openConnections) == 0);
        assertThat(b.listener().connected()).isEmpty();
    }

    @Test
    void probeOfAnAddressWhereNothingListensFailsWithConnectException() throws Exception {
        Node a = node(CLUSTER, TcpTransportConfig.listeningOn(EPHEMERAL), member("a"));
        InetSocketAddress nothing;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothing = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        var probe = a.transport().call(t -> t.probe(nothing)).toCompletableFuture();

        assertThatThrownBy(() -> probe.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectException.class);
    }

    private Node node(String cluster, TcpTransportConfig config, UuidAddress address) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        EventLoop loop = EventLoops.shared().next();
        TcpTransport transport = new TcpTransport(config, cluster, address, metrics, loop);
        RecordingTransportListener listener = new RecordingTransportListener();
        transport.start(listener);
        OnLoop<TcpTransport> onLoop = new OnLoop<>(transport, loop);
        opened.add(() -> onLoop.run(TcpTransport::close));
        return new Node(address, onLoop, listener, metrics);
    }

    private static UuidAddress member(String name) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, null, 0);
    }

    private static void sendAfter(CyclicBarrier together, Node from, Node to, long stream, int frames) {
        try {
            together.await(5, TimeUnit.SECONDS);
            for (int i = 0; i < frames; i++) {
                byte[] payload = Frames.payload(stream, i);
                assertThat(from.transport().check(t -> t.send(to.address(), Frames.buffer(payload))))
                        .as("frame %d from %s", i, from.address()).isTrue();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
