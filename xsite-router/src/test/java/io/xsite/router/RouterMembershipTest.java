package io.xsite.router;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipType;
import io.xsite.wire.gossip.PingData;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REGISTER, UNREGISTER, GET_MBRS, SUSPECT and the hijack rule against a real router on loopback. */
class RouterMembershipTest {
    /** Long enough that a loaded machine never makes an active holder look silent. */
    private static final Duration LONG_TAKEOVER_WINDOW = Duration.ofSeconds(30);
    private static final Duration SHORT_TAKEOVER_WINDOW = Duration.ofMillis(300);

    private GossipRouter router;

    @BeforeEach
    void startRouter() {
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1)
                .withTakeoverAfterSilence(LONG_TAKEOVER_WINDOW));
    }

    @AfterEach
    void stopRouter() {
        router.close();
    }

    @Test
    void membersOfOneGroupAreListedInOneLastResponse() {
        UuidAddress a = UuidAddress.randomUuid();
        UuidAddress b = UuidAddress.siteUuid(UUID.randomUUID(), "_nyc1", "nyc", 0);
        try (TestClient ca = connect().register("bridge", a, "A");
             TestClient cb = connect().register("bridge", b, "_nyc1");
             TestClient other = connect().register("other", UuidAddress.randomUuid(), "X")) {
            awaitMembers("bridge", a, b);

            GossipData answer = membersOf("bridge");

            assertThat(answer.type()).isEqualTo(GossipType.GET_MBRS_RSP_LAST);
            assertThat(answer.group()).isEqualTo("bridge");
            assertThat(answer.pingData()).containsExactlyInAnyOrder(
                    PingData.registered(a, "A", TestClient.physical(7800)),
                    PingData.registered(b, "_nyc1", TestClient.physical(7800)));
        }
    }

    @Test
    void unknownGroupGetsAnEmptyLastResponse() {
        try (TestClient client = connect()) {
            client.send(GossipData.getMembers("nobody-here"));

            assertThat(client.receive()).isEqualTo(GossipData.membersResponse("nobody-here", List.of(), true));
        }
    }

    @Test
    void allGroupsQueryAnswersOnePrefixedResponsePerGroupAndEndsWithLast() {
        UuidAddress a = UuidAddress.randomUuid();
        UuidAddress b = UuidAddress.randomUuid();
        try (TestClient ca = connect().register("g1", a, "A");
             TestClient cb = connect().register("g2", b, "B");
             TestClient asker = connect()) {
            awaitMembers("g1", a);
            awaitMembers("g2", b);

            asker.send(GossipData.getMembers(null));
            GossipData first = asker.receive();
            GossipData second = asker.receive();

            assertThat(first.type()).isEqualTo(GossipType.GET_MBRS_RSP);
            assertThat(second.type()).isEqualTo(GossipType.GET_MBRS_RSP_LAST);
            assertThat(List.of(first.group(), second.group()))
                    .containsExactlyInAnyOrder("<<all-groups>>:g1", "<<all-groups>>:g2");
            assertThat(List.of(first, second)).flatMap(GossipData::pingData).extracting(PingData::sender)
                    .containsExactlyInAnyOrder(a, b);
        }
    }

    @Test
    void allGroupsQueryWithoutGroupsGetsOneEmptyLastResponse() {
        try (TestClient client = connect()) {
            client.send(GossipData.getMembers(null));

            assertThat(client.receive()).isEqualTo(GossipData.membersResponse(null, List.of(), true));
        }
    }

    @Test
    void abruptCloseRemovesMemberAndSuspectsItToTheOthers() {
        UuidAddress a = UuidAddress.randomUuid();
        UuidAddress b = UuidAddress.randomUuid();
        try (TestClient ca = connect().register("c", a, "A")) {
            TestClient cb = connect().register("c", b, "B");
            awaitMembers("c", a, b);

            cb.close();

            assertThat(ca.receive()).isEqualTo(GossipData.suspect("c", b));
            awaitMembers("c", a);
        }
    }

    @Test
    void closeAfterUnregisterSuspectsNobody() {
        UuidAddress a = UuidAddress.randomUuid();
        UuidAddress b = UuidAddress.randomUuid();
        try (TestClient ca = connect().register("c", a, "A")) {
            TestClient cb = connect().register("c", b, "B");
            awaitMembers("c", a, b);

            cb.send(GossipData.unregister("c", b));
            awaitMembers("c", a);
            cb.close();
            awaitConnections(1);

            // Frames to one client leave in order: had a SUSPECT been sent, it would come before this echo.
            ca.send(GossipData.heartbeat());
            assertThat(ca.receive()).isEqualTo(GossipData.heartbeat());
        }
    }

    @Test
    void closeRemovesEveryAddressTheConnectionRegistered() {
        UuidAddress a = UuidAddress.randomUuid();
        UuidAddress b1 = UuidAddress.randomUuid();
        UuidAddress b2 = UuidAddress.randomUuid();
        try (TestClient ca = connect().register("c", a, "A")) {
            TestClient cb = connect().register("c", b1, "B1").register("c", b2, "B2");
            awaitMembers("c", a, b1, b2);

            cb.close();

            assertThat(List.of(ca.receive(), ca.receive())).containsExactlyInAnyOrder(
                    GossipData.suspect("c", b1), GossipData.suspect("c", b2));
            awaitMembers("c", a);
        }
    }

    @Test
    void registerOfAnAddressHeldByAnActiveConnectionOfAnotherIdentityIsRefusedAndToldSo() {
        router.close();
        PortIdentities identities = new PortIdentities();
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1)
                .withTakeoverAfterSilence(LONG_TAKEOVER_WINDOW), new RouterAccess(identities,
                RegistrationPolicy.ALLOW_ALL));
        UuidAddress b = UuidAddress.randomUuid();
        UuidAddress a = UuidAddress.randomUuid();
        try (TestClient holder = connect().register("c", b, "B");
             TestClient sender = connect().register("c", a, "A");
             TestClient thief = identities.connect(router.address(), "thief")) {
            awaitMembers("c", a, b);

            thief.register("c", b, "B");

            assertThat(thief.receive()).isEqualTo(GossipData.suspect("c", b));
            assertThat(thief.closedByRouter()).isTrue();
            assertThat(router.refusedCount(RegistrationRefusal.HELD)).isEqualTo(1);
            sender.send(GossipData.message("c", b, a, new byte[] {42}));
            assertThat(holder.receive()).isEqualTo(GossipData.message("c", b, a, new byte[] {42}));
        }
    }

    @Test
    void registerRefusedByThePolicyIsToldCountedAndClosed() {
        router.close();
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1), new RouterAccess(
                IdentityFactory.SOURCE_ADDRESS, (identity, group, address) -> group.equals("closed")
                ? RegistrationPolicy.Decision.refuse("group closed to " + identity)
                : RegistrationPolicy.Decision.ALLOWED));
        UuidAddress a = UuidAddress.randomUuid();
        try (TestClient client = connect()) {
            client.register("closed", a, "A");

            assertThat(client.receive()).isEqualTo(GossipData.suspect("closed", a));
            assertThat(client.closedByRouter()).isTrue();
            assertThat(router.refusedCount(RegistrationRefusal.POLICY)).isEqualTo(1);
            assertThat(membersOf("closed").pingData()).isEmpty();
        }
    }

    @Test
    void registerOfTheSameIdentityTakesAnActiveHoldersAddressOverAtOnce() {
        UuidAddress b = UuidAddress.randomUuid();
        UuidAddress a = UuidAddress.randomUuid();
        try (TestClient holder = connect().register("c", b, "B");
             TestClient sender = connect().register("c", a, "A");
             TestClient reconnected = connect()) {
            awaitMembers("c", a, b);

            // Same source address (loopback), so the same identity for the plain router.
            reconnected.register("c", b, "B");

            assertThat(holder.closedByRouter()).isTrue();
            sender.send(GossipData.message("c", b, a, new byte[] {9}));
            assertThat(reconnected.receive()).isEqualTo(GossipData.message("c", b, a, new byte[] {9}));
            assertThat(router.refusedCount(RegistrationRefusal.HELD)).isZero();
        }
    }

    @Test
    void registerOfAnotherIdentityTakesOverAnAddressWhoseHolderWasSilentPastTheWindow() {
        router.close();
        PortIdentities identities = new PortIdentities();
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1)
                .withTakeoverAfterSilence(SHORT_TAKEOVER_WINDOW), new RouterAccess(identities,
                RegistrationPolicy.ALLOW_ALL));
        UuidAddress b = UuidAddress.randomUuid();
        UuidAddress a = UuidAddress.randomUuid();
        try (TestClient staleHolder = connect().register("c", b, "B");
             TestClient sender = connect().register("c", a, "A");
             TestClient reconnected = identities.connect(router.address(), "elsewhere")) {
            awaitMembers("c", a, b);
            long silentSince = System.nanoTime();
            await("the holder has been silent past the takeover window").atMost(ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> System.nanoTime() - silentSince > SHORT_TAKEOVER_WINDOW.toNanos() * 2);

            reconnected.register("c", b, "B");

            assertThat(staleHolder.closedByRouter()).isTrue();
            sender.send(GossipData.message("c", b, a, new byte[] {7}));
            assertThat(reconnected.receive()).isEqualTo(GossipData.message("c", b, a, new byte[] {7}));
            assertThat(router.refusedCount(RegistrationRefusal.HELD)).isZero();
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheIdleExpiry() {
        router.close();
        router = GossipRouter.start(RouterConfig.loopback().withPorts(0, -1).withIdleExpiry(Duration.ofMillis(300)));
        try (TestClient silent = connect().register("c", UuidAddress.randomUuid(), "A")) {
            assertThat(silent.closedByRouter()).isTrue();
            awaitConnections(0);
        }
    }

    @Test
    void onlyTheHolderMayUnregister() {
        UuidAddress a = UuidAddress.randomUuid();
        try (TestClient holder = connect().register("c", a, "A");
             TestClient other = connect()) {
            awaitMembers("c", a);

            other.send(GossipData.unregister("c", a));

            await("the foreign UNREGISTER is counted").atMost(ofSeconds(5))
                    .until(() -> router.droppedCount(DropReason.NOT_HOLDER) == 1);
            assertThat(membersOf("c").pingData()).extracting(PingData::sender).containsExactly(a);
        }
    }

    private TestClient connect() {
        return TestClient.connect(router.address());
    }

    private GossipData membersOf(String group) {
        try (TestClient asker = connect()) {
            asker.send(GossipData.getMembers(group));
            return asker.receive();
        }
    }

    private void awaitMembers(String group, Address... members) {
        await("group " + group + " has exactly " + List.of(members)).atMost(ofSeconds(5))
                .untilAsserted(() -> assertThat(membersOf(group).pingData()).extracting(PingData::sender)
                        .containsExactlyInAnyOrder(members));
    }

    private void awaitConnections(int expected) {
        await(expected + " open connections").atMost(ofSeconds(5)).untilAsserted(() -> assertThat(
                router.connectionCount()).isEqualTo(expected));
    }
}
