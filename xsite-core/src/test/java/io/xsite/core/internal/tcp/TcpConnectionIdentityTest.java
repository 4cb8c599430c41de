package io.xsite.core.internal.tcp;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.loop.EventLoops;
import io.xsite.core.transport.Frames;
import io.xsite.core.transport.OnLoop;
import io.xsite.core.transport.RecordingTransportListener;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which of two connections claiming one member stays: an active connection is never replaced by a dial
 * of another identity, a silent one is, and a dial of the same identity (a member reconnecting over a
 * half-open connection) always may.
 */
class TcpConnectionIdentityTest {
    private static final String CLUSTER = "identity-test";
    private static final InetSocketAddress EPHEMERAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final Set<Integer> hostilePorts = ConcurrentHashMap.newKeySet();
    private final ConnectionIdentities byHostilePort = channel ->
            hostilePorts.contains(((InetSocketAddress) channel.remoteAddress()).getPort()) ? "stranger" : "member";
    private final List<AutoCloseable> opened = new ArrayList<>();

    private record Node(UuidAddress address, OnLoop<TcpTransport> transport, RecordingTransportListener listener,
                        SimpleMeterRegistry metrics) {
        InetSocketAddress physical() {
            return transport.transport().physicalAddress();
        }

        double conflicts() {
            return metrics.get("xsite.transport.connections.rejected").tag("reason", "conflict").counter().count();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void aSilentConnectionGivesWayToADialOfAnotherIdentity() throws Exception {
        Node a = node(TcpTransportConfig.listeningOn(EPHEMERAL).withLivenessWindow(ofMillis(300)), byHostilePort);
        Node b = node(TcpTransportConfig.listeningOn(EPHEMERAL), byHostilePort);
        b.transport().run(t -> t.learn(a.address(), a.physical()));
        b.transport().run(t -> t.send(a.address(), Frames.buffer(new byte[] {1})));
        await("B is connected to A").atMost(ofSeconds(5)).until(() -> a.listener().received(b.address()) == 1);

        // B sends nothing more: once its connection is silent for the liveness window, the dial gets in.
        await("a dial claiming B is accepted once B's connection is silent").atMost(ofSeconds(5))
                .pollInterval(ofMillis(100)).until(() -> hostileDialAccepted(a, b.address()));

        await("B's connection was closed").atMost(ofSeconds(5))
                .until(() -> b.listener().disconnected().contains(a.address()));
    }

    @Test
    void aDialOfTheSameIdentityReplacesAnActiveConnection() throws Exception {
        Node a = node(TcpTransportConfig.listeningOn(EPHEMERAL), ConnectionIdentities.remoteAddress());
        Node b = node(TcpTransportConfig.listeningOn(EPHEMERAL), ConnectionIdentities.remoteAddress());
        b.transport().run(t -> t.learn(a.address(), a.physical()));
        b.transport().run(t -> t.send(a.address(), Frames.buffer(new byte[] {1})));
        await("B is connected to A").atMost(ofSeconds(5)).until(() -> a.listener().received(b.address()) == 1);

        try (HostileDialer sameHost = HostileDialer.bound()) {
            assertThat(sameHost.dial(a.physical(), CLUSTER, b.address()))
                    .as("a dial from B's address (B reconnecting) is accepted").isTrue();
        }
        assertThat(a.conflicts()).isZero();
    }

    private boolean hostileDialAccepted(Node target, UuidAddress claimed) throws Exception {
        try (HostileDialer dialer = HostileDialer.bound()) {
            hostilePorts.add(dialer.localPort());
            return dialer.dial(target.physical(), CLUSTER, claimed);
        }
    }

    private Node node(TcpTransportConfig config, ConnectionIdentities identities) {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        UuidAddress address = UuidAddress.siteUuid(UUID.randomUUID(), "m", null, 0);
        EventLoop loop = EventLoops.shared().next();
        TcpTransport transport = new TcpTransport(config, CLUSTER, address, metrics, loop, identities);
        RecordingTransportListener listener = new RecordingTransportListener();
        transport.start(listener);
        OnLoop<TcpTransport> onLoop = new OnLoop<>(transport, loop);
        opened.add(() -> onLoop.run(TcpTransport::close));
        return new Node(address, onLoop, listener, metrics);
    }
}
