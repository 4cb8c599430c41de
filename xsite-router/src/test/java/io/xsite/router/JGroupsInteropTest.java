package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.jgroups.JChannel;
import org.jgroups.ObjectMessage;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.PingData;
import org.jgroups.stack.RouterStub;
import org.jgroups.util.DefaultSocketFactory;
import org.jgroups.util.TLS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real JGroups 5.5 members and tools against the xsite router (gossip-router-protocol.md 1.10). */
class JGroupsInteropTest {
    private static final String CLUSTER = "interop";
    /** Twice FD_ALL3's interval, six times below the default expiry: room for a loaded machine's timers. */
    private static final Duration IDLE_EXPIRY = Duration.ofSeconds(16);

    private GossipRouter router;
    private JChannel a;
    private JChannel b;
    private final Queue<String> receivedByA = new ConcurrentLinkedQueue<>();
    private final Queue<String> receivedByB = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startRouterAndTwoTunnelMembers() throws Exception {
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1));
        a = tunnelChannel("A", receivedByA);
        b = tunnelChannel("B", receivedByB);
        a.connect(CLUSTER);
        b.connect(CLUSTER);
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        router.close();
    }

    @Test
    void twoTunnelMembersFormOneViewAndExchangeMulticastsAndUnicasts() throws Exception {
        await("A and B install a view of two").atMost(ofSeconds(20)).untilAsserted(() -> {
            assertThat(a.getView().getMembers()).containsExactlyInAnyOrder(a.getAddress(), b.getAddress());
            assertThat((Object) b.getView()).isEqualTo(a.getView());
        });

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
    }

    /**
     * JGroups sends no HEARTBEATs by default, so the router's idle expiry (on by default) must be longer
     * than what the stack sends anyway: MERGE3 multicasts every 1-10 s, FD_ALL3 heartbeats every 8 s.
     */
    @Test
    void tunnelMembersOutliveAnIdleExpiryLongerThanTheirStacksIntervals() throws Exception {
        stop();
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1).withIdleExpiry(IDLE_EXPIRY));
        a = tunnelChannel("A", receivedByA);
        b = tunnelChannel("B", receivedByB);
        a.connect(CLUSTER);
        b.connect(CLUSTER);
        await("A and B install a view of two").atMost(ofSeconds(20))
                .until(() -> a.getView().size() == 2 && b.getView().size() == 2);

        await("nobody is expired for longer than the expiry").atMost(IDLE_EXPIRY.multipliedBy(2))
                .during(IDLE_EXPIRY.plusSeconds(4)).untilAsserted(() -> {
                    assertThat(router.refusedCount(ConnectionRefusal.IDLE)).isZero();
                    assertThat(router.connectionCount()).isEqualTo(2);
                });
    }

    @Test
    void jgroupsRouterStubListsBothMembers() throws Exception {
        RouterStub stub = new RouterStub(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                router.address(), false, null, new DefaultSocketFactory());
        try {
            stub.connect();
            List<String> names = await("the stub lists A and B").atMost(ofSeconds(20)).until(
                    () -> membersViaStub(stub), list -> list.size() == 2);

            assertThat(names).containsExactlyInAnyOrder("A", "B");
        } finally {
            stub.destroy();
        }
    }

    private static List<String> membersViaStub(RouterStub stub) throws Exception {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        stub.getMembers(CLUSTER, new RouterStub.MembersNotification() {
            @Override
            public void members(List<PingData> members) {
                names.complete(members.stream().map(PingData::getLogicalName).toList());
            }
        });
        return names.get(5, TimeUnit.SECONDS);
    }

    private JChannel tunnelChannel(String name, Queue<String> received) throws Exception {
        return TunnelChannels.channel(name, new InetSocketAddress("127.0.0.1", router.address().getPort()), new TLS(),
                received);
    }
}
