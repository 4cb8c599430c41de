package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import io.xsite.core.internal.tunnel.RouterClient;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.internal.tunnel.RouterListener;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attack 3 of issue #15: a squatter after a member's router connection drops. The address belongs to the
 * identity that registered it: a squatter of another identity is refused (SUSPECT of the address, then
 * closed) and its frames reach nobody, and a member refused by one router is told so and carries on
 * through the other one. Two plain routers; identities differ by client port ({@link PortIdentities}),
 * since on loopback every client has the same source address.
 */
class RouterRegistrationConflictTest {
    private static final String GROUP = "site";
    /** Long enough that a loaded machine never makes an active holder, or a just dropped one, look silent. */
    private static final Duration TAKEOVER_WINDOW = Duration.ofSeconds(30);

    private final PortIdentities identities = new PortIdentities();
    private final UuidAddress m = UuidAddress.randomUuid();
    private final UuidAddress p = UuidAddress.randomUuid();
    private final Queue<String> receivedByM = new ConcurrentLinkedQueue<>();
    private final Queue<String> receivedByP = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
    private GossipRouter r1;
    private GossipRouter r2;

    @BeforeEach
    void startTwoRouters() {
        RouterConfig config = RouterConfig.loopback().withPorts(0, -1).withTakeoverAfterSilence(TAKEOVER_WINDOW);
        RouterAccess access = new RouterAccess(identities, RegistrationPolicy.ALLOW_ALL);
        r1 = GossipRouter.start(config, access);
        r2 = GossipRouter.start(config, access);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = closeAtEnd.size() - 1; i >= 0; i--) {
            closeAtEnd.get(i).close();
        }
        r1.close();
        r2.close();
    }

    @Test
    void squatterOfADroppedMembersAddressIsRefusedAndItsFramesReachNobody() {
        // given M and P on both routers, and a witness W registered at R1 only
        RouterClient memberM = member(m, "M", receivedByM, r1, r2);
        RouterClient memberP = member(p, "P", receivedByP, r1, r2);
        TestClient witness = open(TestClient.connect(r1.address()).register(GROUP, UuidAddress.randomUuid(), "W"));
        awaitUpOnBoth(memberM);
        awaitUpOnBoth(memberP);

        // when M's connection to R1 drops and a squatter of another identity registers M's address there,
        // sending a multicast in M's name right behind its REGISTER
        r1.disconnect(GROUP, m);
        TestClient squatter = open(identities.connect(r1.address(), "squatter"));
        squatter.sendRaw(concat(TestClient.framed(GossipData.register(GROUP, m, "M", TestClient.physical(7800))),
                TestClient.framed(GossipData.message(GROUP, null, m, bytes("forged by the squatter")))));

        // then the squatter is told (SUSPECT of the address it asked for) and closed
        assertThat(squatter.receive()).isEqualTo(GossipData.suspect(GROUP, m));
        assertThat(squatter.closedByRouter()).isTrue();
        assertThat(r1.refusedCount(RegistrationRefusal.HELD)).isEqualTo(1);
        // and its multicast reached nobody: frames to W leave in order, so it would precede this echo
        witness.send(GossipData.heartbeat());
        assertThat(framesUntilHeartbeat(witness)).noneMatch(frame -> frame.type() == GossipType.MESSAGE);
        // while M and P keep talking, and M is back on R1 (the same identity may reclaim its address)
        exchange(memberM, memberP, "after the squatter");
        await("M is up on both routers again").atMost(ofSeconds(15)).until(
                () -> memberM.connectedRouters().size() == 2);
        exchange(memberM, memberP, "with M back on R1");
    }

    @Test
    void memberRefusedByARouterIsToldAndCarriesOnThroughTheOther() {
        // given a squatter of another identity holding M's address at R1 before M connects
        TestClient squatter = open(identities.connect(r1.address(), "squatter").register(GROUP, m, "M"));
        squatter.send(GossipData.heartbeat());
        assertThat(squatter.receive()).isEqualTo(GossipData.heartbeat());
        RouterClient memberP = member(p, "P", receivedByP, r2, r1);

        // when M connects to both routers
        RouterClient memberM = member(m, "M", receivedByM, r1, r2);

        // then R1 refuses M, M counts R1 as down and uses R2 (its HEARTBEATs would otherwise be echoed)
        await("R1 refused M").atMost(ofSeconds(10)).until(() -> r1.refusedCount(RegistrationRefusal.HELD) >= 1);
        await("M uses R2 only").atMost(ofSeconds(10)).during(Duration.ofMillis(1500))
                .until(() -> memberM.connectedRouters().equals(List.of(r2.address())));
        exchange(memberM, memberP, "through R2");
    }

    private RouterClient member(Address self, String name, Queue<String> received, GossipRouter... routers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (GossipRouter router : routers) {
            addresses.add(router.address());
        }
        RouterClientConfig config = RouterClientConfig.of(addresses, GROUP, self, name,
                new IpAddress(InetAddress.getLoopbackAddress(), 7800));
        RouterClient client = RouterClient.start(config, new RouterListener() {
            @Override
            public void onMessage(Address sender, Address destination, byte[] payload) {
                received.add(new String(payload, StandardCharsets.UTF_8));
            }

            @Override
            public void onSuspect(Address member) {
            }
        });
        closeAtEnd.add(client);
        return client;
    }

    private TestClient open(TestClient client) {
        closeAtEnd.add(client);
        return client;
    }

    private void awaitUpOnBoth(RouterClient client) {
        await("up on both routers").atMost(ofSeconds(10)).until(() -> client.connectedRouters().size() == 2);
    }

    /** M and P send each other one message; both arrive (the reliable layer is not in play here). */
    private void exchange(RouterClient memberM, RouterClient memberP, String label) {
        await("M and P exchange messages " + label).atMost(ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    memberM.send(p, bytes("M to P " + label));
                    memberP.send(m, bytes("P to M " + label));
                    assertThat(receivedByP).contains("M to P " + label);
                    assertThat(receivedByM).contains("P to M " + label);
                });
        assertThat(receivedByP).noneMatch(text -> text.contains("forged"));
    }

    private static List<GossipData> framesUntilHeartbeat(TestClient client) {
        List<GossipData> frames = new ArrayList<>();
        GossipData frame;
        while ((frame = client.receive()).type() != GossipType.HEARTBEAT) {
            frames.add(frame);
        }
        return frames;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
