package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.ObjectMessage;
import org.jgroups.Receiver;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPGOSSIP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real JGroups 5.5 members on TCP that find each other only through TCPGOSSIP with the xsite router as its one
 * initial host (gossip-router-protocol.md 1.10): each registers its physical address under the cluster and asks
 * the router for the others', then they connect directly. Every member listens on an ephemeral port, so no
 * member can know another's address but through the router.
 */
class JGroupsTcpGossipTest {
    private static final String CLUSTER = "tcpgossip";
    /** How long a joiner waits for the members' answers before it forms a view of its own. */
    private static final long JOIN_TIMEOUT_MILLIS = 5000;

    private GossipRouter router;
    private final List<JChannel> channels = new ArrayList<>();
    private final Map<String, Queue<String>> received = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        for (int i = channels.size() - 1; i >= 0; i--) {
            channels.get(i).close();
        }
        if (router != null) {
            router.close();
        }
    }

    @Test
    void tcpMembersDiscoverEachOtherThroughTheRouterAndFormOneView() throws Exception {
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1));

        JChannel a = connected("A");
        JChannel b = connected("B");
        JChannel c = connected("C");

        // A member that misses the others' answers within its join timeout forms a view of its own; MERGE3,
        // asking the router again every 1-10 s, then merges the views: the wait allows for that on a busy machine.
        await("A, B and C install one view of three").atMost(ofSeconds(60))
                .untilAsserted(() -> assertOneView(a, b, c));
        b.send(new ObjectMessage(null, "multicast from B"));
        await("everyone received B's multicast over the members' own TCP connections").atMost(ofSeconds(10))
                .untilAsserted(() -> assertThat(received).allSatisfy((name, lines) ->
                        assertThat(lines).as("received by %s", name).containsExactly("multicast from B")));
    }

    private static void assertOneView(JChannel... members) {
        List<Address> addresses = Arrays.stream(members).map(JChannel::getAddress).toList();
        for (JChannel member : members) {
            assertThat(member.getView().getMembers()).as("%s's view", member.getName())
                    .containsExactlyInAnyOrderElementsOf(addresses);
        }
    }

    /** A channel on TCP (loopback, ephemeral port) with TCPGOSSIP asking our router, connected to the cluster. */
    private JChannel connected(String name) throws Exception {
        TCP tcp = new TCP();
        tcp.setBindAddress(InetAddress.getLoopbackAddress());
        tcp.setBindPort(0);
        tcp.setPortRange(0);
        TCPGOSSIP gossip = new TCPGOSSIP();
        gossip.setInitialHosts(List.of(router.address()));
        Protocol[] stack = {tcp, gossip, new MERGE3(), new FD_ALL3(), new VERIFY_SUSPECT(),
                new NAKACK2().useMcastXmit(false), new UNICAST3(), new STABLE(), new GMS().setJoinTimeout(JOIN_TIMEOUT_MILLIS),
                new FRAG2()};
        JChannel channel = new JChannel(stack).name(name);
        Queue<String> lines = new ConcurrentLinkedQueue<>();
        received.put(name, lines);
        channel.setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                lines.add(msg.getObject());
            }
        });
        channels.add(channel);
        channel.connect(CLUSTER);
        return channel;
    }
}
