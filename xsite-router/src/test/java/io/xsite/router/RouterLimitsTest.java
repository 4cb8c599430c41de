package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import io.xsite.wire.gossip.PingData;
import io.xsite.core.internal.tunnel.RouterMember;
import io.xsite.core.internal.tunnel.RouterMembersQuery;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks 4, 5 and 6 of issue #15, each by a hostile raw client against a real router on loopback: the
 * router stays up, refuses what is over its limits, and two members registered before the attack still
 * exchange messages through it afterwards.
 */
class RouterLimitsTest {
    private static final String GROUP = "c";
    private static final int HOSTILE_CONNECTIONS = 2_000;
    private static final int MANY_REGISTRATIONS = 40_000;
    /** Below the 64 KiB a stranger's frame may have, so that the name check, not the frame limit, refuses it. */
    private static final int LONG_NAME_CHARS = 65_000;

    private final UuidAddress a = UuidAddress.randomUuid();
    private final UuidAddress b = UuidAddress.randomUuid();
    private final List<TestClient> clients = new ArrayList<>();
    private GossipRouter router;
    private TestClient ca;
    private TestClient cb;

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        router.close();
    }

    @Test
    void registrationsBeyondThePerConnectionLimitAreRefused() {
        startWithTwoMembers(RouterConfig.loopback());
        int limit = RouterConfig.DEFAULTS.maxRegistrationsPerConnection();

        byte[] flood = registrations("flood", MANY_REGISTRATIONS);
        TestClient hostile = open(TestClient.connect(router.address()));
        sendAllowingReset(hostile, flood);

        assertThat(hostile.closedByRouter()).isTrue();
        await("the refusal is counted").atMost(ofSeconds(5))
                .until(() -> router.refusedCount(RegistrationRefusal.MAX_REGISTRATIONS) == 1);
        await("the flood's " + limit + " registrations left with its connection").atMost(ofSeconds(5))
                .until(() -> router.groupCount() == 1);
        assertThat(RouterMembersQuery.query(router.address(), null, ofSeconds(5)))
                .extracting(member -> member.ping().sender()).containsExactlyInAnyOrder(a, b);
        assertWellBehavedMembersStillTalk();
    }

    @Test
    void membersOfAGroupTooLargeForOneFrameComeInSeveralFramesThatListThemAll() {
        startWithTwoMembers(RouterConfig.loopback().withMaxRegistrationsPerConnection(MANY_REGISTRATIONS));
        byte[] big = registrations("big", MANY_REGISTRATIONS);
        TestClient many = open(TestClient.connect(router.address()));
        many.sendRaw(big);
        many.send(GossipData.heartbeat());
        // Decoding 40,000 frames under paranoid leak detection takes a while on a busy machine.
        assertThat(many.receive(ofSeconds(60))).as("the echo after the last REGISTER")
                .isEqualTo(GossipData.heartbeat());

        TestClient asker = open(TestClient.connect(router.address()));
        asker.send(GossipData.getMembers("big"));
        List<GossipData> answer = new ArrayList<>();
        do {
            answer.add(asker.receive(ofSeconds(60)));
        } while (answer.get(answer.size() - 1).type() != GossipType.GET_MBRS_RSP_LAST);

        assertThat(answer).hasSizeGreaterThan(1).allSatisfy(frame -> {
            assertThat(frame.group()).isEqualTo("big");
            assertThat(frame.pingData()).hasSizeBetween(1, Short.MAX_VALUE);
        });
        assertThat(answer.subList(0, answer.size() - 1)).extracting(GossipData::type)
                .containsOnly(GossipType.GET_MBRS_RSP);
        Set<Object> listed = new HashSet<>();
        answer.forEach(frame -> frame.pingData().forEach(ping -> listed.add(ping.sender())));
        assertThat(listed).hasSize(MANY_REGISTRATIONS);
        assertThat(RouterMembersQuery.query(router.address(), "big", ofSeconds(30))).hasSize(MANY_REGISTRATIONS);
        assertThat(RouterMembersQuery.query(router.address(), null, ofSeconds(30))).extracting(RouterMember::group)
                .hasSize(MANY_REGISTRATIONS + 2).containsOnly("big", GROUP);
        assertWellBehavedMembersStillTalk();
    }

    @Test
    void longGroupAndLogicalNamesAreRefusedAndGrowNeitherGroupsNorMetrics() {
        startWithTwoMembers(RouterConfig.loopback());
        AdminClient admin = new AdminClient(router.adminAddress().orElseThrow());
        String longName = "g".repeat(LONG_NAME_CHARS - 6);

        for (int i = 0; i < HOSTILE_CONNECTIONS; i++) {
            String unique = String.format("%06d", i);
            GossipData register = i % 2 == 0
                    ? GossipData.register(longName + unique, UuidAddress.randomUuid(), "X", TestClient.physical(1))
                    : GossipData.register(GROUP, UuidAddress.randomUuid(), longName + unique, TestClient.physical(1));
            try (TestClient hostile = TestClient.connect(router.address())) {
                sendAllowingReset(hostile, TestClient.framed(register));
                assertThat(hostile.closedByRouter()).as("connection %d closed", i).isTrue();
            }
        }

        await("every long name is counted").atMost(ofSeconds(10))
                .until(() -> router.droppedCount(DropReason.NAME_TOO_LONG) == HOSTILE_CONNECTIONS);
        assertThat(router.groupCount()).isEqualTo(1);
        String metrics = admin.get("/metrics").body();
        assertThat(metrics.length()).isLessThan(1 << 20);
        assertThat(metrics).doesNotContain("ggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg");
        assertWellBehavedMembersStillTalk();
    }

    @Test
    void groupsBeyondTheLabelledOnesAreReportedTogetherAsOther() {
        startWithTwoMembers(RouterConfig.loopback());
        AdminClient admin = new AdminClient(router.adminAddress().orElseThrow());
        int groups = RouterMetrics.MAX_LABELLED_GROUPS + 50;
        int perConnection = RouterConfig.DEFAULTS.maxRegistrationsPerConnection();
        for (int first = 0; first < groups; first += perConnection) {
            TestClient client = open(TestClient.connect(router.address()));
            for (int i = first; i < Math.min(groups, first + perConnection); i++) {
                client.register("group-" + i, UuidAddress.randomUuid(), "M" + i);
            }
        }

        await("every group is registered").atMost(ofSeconds(10)).until(() -> router.groupCount() == groups + 1);
        String metrics = admin.get("/metrics").body();
        assertThat(metrics.lines().filter(line -> line.startsWith("xsite_router_registrations{")))
                .hasSize(RouterMetrics.MAX_LABELLED_GROUPS + 1);
        assertThat(admin.metric("xsite_router_registrations", "group=\"other\"")).isEqualTo(51);
        assertWellBehavedMembersStillTalk();
    }

    @Test
    void connectionsFromOneAddressAreCappedAtThePerAddressLimit() {
        int perAddress = 100;
        startWithTwoMembers(RouterConfig.loopback().withMaxConnectionsPerAddress(perAddress));

        for (int i = 0; i < HOSTILE_CONNECTIONS; i++) {
            open(TestClient.connect(router.address()));
        }

        // A and B come from loopback too: they hold two of the places
        int refused = HOSTILE_CONNECTIONS - (perAddress - 2);
        await("all but " + perAddress + " connections refused").atMost(ofSeconds(20)).until(
                () -> router.refusedCount(ConnectionRefusal.MAX_CONNECTIONS_PER_ADDRESS) == refused);
        assertThat(router.connectionCount()).isEqualTo(perAddress);
        assertWellBehavedMembersStillTalk();
    }

    @Test
    void connectionsBeyondTheTotalLimitAreRefused() {
        int total = 50;
        startWithTwoMembers(RouterConfig.loopback().withMaxConnections(total));

        for (int i = 0; i < 200; i++) {
            open(TestClient.connect(router.address()));
        }

        await("all but " + total + " connections refused").atMost(ofSeconds(10)).until(
                () -> router.refusedCount(ConnectionRefusal.MAX_CONNECTIONS) == 200 - (total - 2));
        assertThat(router.connectionCount()).isEqualTo(total);
        assertWellBehavedMembersStillTalk();
    }

    @Test
    void halfSentFramesAndSilentConnectionsAreClosedAfterTheFirstFrameTimeout() {
        startWithTwoMembers(RouterConfig.loopback().withFirstFrameTimeout(Duration.ofMillis(500)));
        List<TestClient> hostile = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TestClient client = open(TestClient.connect(router.address()));
            if (i % 2 == 0) {
                client.sendRaw(halfSentFrame(60_000, 1_000));
            }
            hostile.add(client);
        }

        assertThat(hostile).allMatch(TestClient::closedByRouter);
        await("every one is counted").atMost(ofSeconds(5))
                .until(() -> router.refusedCount(ConnectionRefusal.FIRST_FRAME_TIMEOUT) == hostile.size());
        assertWellBehavedMembersStillTalk();
    }

    @Test
    void strangerAnnouncingALargeFrameIsClosedAtOnceWhileRegisteredMembersMaySendOne() {
        startWithTwoMembers(RouterConfig.loopback());
        TestClient stranger = open(TestClient.connect(router.address()));

        // within maxFrameBytes, above what a connection that has not registered may send
        stranger.sendRaw(halfSentFrame((8 << 20) - 100, 4_096));

        assertThat(stranger.closedByRouter()).isTrue();
        await("counted as too long").atMost(ofSeconds(5)).until(() -> router.droppedCount(DropReason.TOO_LONG) == 1);
        byte[] large = TestClient.framed(GossipData.message(GROUP, b, a, new byte[1 << 20]));
        ca.sendRaw(large);
        assertThat(cb.receiveFrame()).isEqualTo(large);
        assertWellBehavedMembersStillTalk();
    }

    @Test
    void idleConnectionsExpireByDefaultAndAreCounted() {
        assertThat(RouterConfig.DEFAULTS.idleExpiry()).isPositive();
        router = GossipRouter.start(RouterConfig.loopback().withIdleExpiry(Duration.ofMillis(300)));

        try (TestClient idle = TestClient.connect(router.address()).register(GROUP, a, "A")) {
            assertThat(idle.closedByRouter()).isTrue();
        }
        await("counted as idle").atMost(ofSeconds(5)).until(() -> router.refusedCount(ConnectionRefusal.IDLE) == 1);
    }

    private void startWithTwoMembers(RouterConfig config) {
        router = GossipRouter.start(config);
        ca = open(TestClient.connect(router.address()).register(GROUP, a, "A"));
        cb = open(TestClient.connect(router.address()).register(GROUP, b, "B"));
        await("A and B are registered").atMost(ofSeconds(5)).untilAsserted(() -> {
            ca.send(GossipData.getMembers(GROUP));
            assertThat(ca.receive().pingData()).extracting(PingData::sender).containsExactlyInAnyOrder(a, b);
        });
    }

    private void assertWellBehavedMembersStillTalk() {
        byte[] toB = TestClient.framed(GossipData.message(GROUP, b, a, new byte[] {1, 2, 3}));
        byte[] toA = TestClient.framed(GossipData.message(GROUP, a, b, new byte[] {4, 5, 6}));
        ca.sendRaw(toB);
        assertThat(cb.receiveFrame()).isEqualTo(toB);
        cb.sendRaw(toA);
        assertThat(ca.receiveFrame()).isEqualTo(toA);
    }

    private TestClient open(TestClient client) {
        clients.add(client);
        return client;
    }

    /**
     * {@code count} REGISTERs of fresh addresses in {@code group}, framed back to back; built before
     * connecting, as it takes a while with paranoid leak detection, longer than the first-frame timeout.
     */
    private static byte[] registrations(String group, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(TestClient.framed(GossipData.register(group, UuidAddress.randomUuid(), "m" + i,
                    TestClient.physical(i % 0xFFFF))));
        }
        return out.toByteArray();
    }

    /** A length prefix announcing {@code announced} bytes, followed by only {@code sent} of them. */
    private static byte[] halfSentFrame(int announced, int sent) {
        byte[] frame = new byte[4 + sent];
        frame[0] = (byte) (announced >>> 24);
        frame[1] = (byte) (announced >>> 16);
        frame[2] = (byte) (announced >>> 8);
        frame[3] = (byte) announced;
        return frame;
    }

    /** The router may close the connection while the rest of {@code bytes} is still on its way. */
    private static void sendAllowingReset(TestClient client, byte[] bytes) {
        try {
            client.sendRaw(bytes);
        } catch (UncheckedIOException closedByTheRouter) {
            // the router refused and closed before reading everything; closedByRouter() tells
        }
    }
}
