package io.xsite.core.member;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.net.admin.AdminResponse;
import io.xsite.core.delivery.Message;
import io.xsite.core.internal.membership.MembershipMessage.JoinResponse;
import io.xsite.core.internal.membership.MembershipMessage.ViewAnnouncement;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import io.xsite.core.internal.tcp.ConnectionIdentities;
import io.xsite.core.internal.tcp.HostileDialer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, attacks 2 and 7, against members on loopback tcp: a stranger that speaks our HELLO handshake
 * and frames cannot change a member's view, stall its protocol, or take over another member's connection.
 */
class MemberHostilePeersTest {
    private static final String CLUSTER = "hostile";
    private static final long FORGED_SEQUENCE = 1_000_000_000_000_000L;

    /** Local ports of the hostile sockets: the identity function below tells their connections apart. */
    private final Set<Integer> hostilePorts = ConcurrentHashMap.newKeySet();
    private final ConnectionIdentities byHostilePort = channel ->
            hostilePorts.contains(((InetSocketAddress) channel.remoteAddress()).getPort()) ? "stranger" : "member";
    private LoopbackCluster cluster;

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aViewFromANonMemberIsDroppedAndCounted() throws Exception {
        List<Member> members = startInOneView(2);
        Member a = members.get(0);
        View before = a.view();
        UuidAddress intruder = stranger();

        try (HostileDialer dialer = HostileDialer.bound()) {
            // Plain tcp lets anyone who knows the cluster connect (TLS client certificates close that door).
            assertThat(dialer.dial(a.physicalAddress(), CLUSTER, intruder)).isTrue();
            View forged = new View(new ViewId(intruder, FORGED_SEQUENCE), List.of(intruder, a.address()));
            dialer.send(CLUSTER, intruder, new ViewAnnouncement(forged));
            dialer.send(CLUSTER, intruder, new JoinResponse(forged));

            await("A keeps its view").during(ofSeconds(1)).atMost(ofSeconds(3))
                    .untilAsserted(() -> assertThat(a.view()).isEqualTo(before));
            await("A counts both views of the intruder as dropped").atMost(ofSeconds(10))
                    .until(() -> metric(a, "xsite_member_frames_dropped_total", "view_from_non_member") >= 2);
        }
        assertStillOneCluster(members);
    }

    @Test
    void aViewWithTheLargestSequenceIsRefusedAndTheMemberStaysReady() throws Exception {
        List<Member> members = startInOneView(2);
        Member a = members.get(0);
        View before = a.view();
        UuidAddress intruder = stranger();

        try (HostileDialer dialer = HostileDialer.bound()) {
            assertThat(dialer.dial(a.physicalAddress(), CLUSTER, intruder)).isTrue();
            View forged = new View(new ViewId(intruder, Long.MAX_VALUE), List.of(intruder, a.address()));
            dialer.send(CLUSTER, intruder, new ViewAnnouncement(forged));

            // Long enough for the old failure: the intruder suspected, verified dead, and every tick failing
            // to number the next view.
            await("A keeps its view and stays ready").during(ofSeconds(3)).atMost(ofSeconds(5)).untilAsserted(() -> {
                assertThat(a.view()).isEqualTo(before);
                assertThat(ready(a).status()).isEqualTo(200);
            });
        }
        assertThat(metric(a, "xsite_member_frames_dropped_total", "malformed")).as("refused at decoding")
                .isEqualTo(1);
        assertStillOneCluster(members);
    }

    @Test
    void aDialClaimingAConnectedMemberFromAnotherIdentityIsRefused() throws Exception {
        cluster = new LoopbackCluster(CLUSTER, 3);
        List<Member> members = List.of(cluster.start(0, byHostilePort), cluster.start(1, byHostilePort),
                cluster.start(2, byHostilePort));
        awaitOneView(members);
        Member a = members.get(0);
        Member b = members.get(1);
        double suspicionsBefore = metric(a, "xsite_member_suspicions_total", null)
                + metric(b, "xsite_member_suspicions_total", null);

        try (HostileDialer dialer = HostileDialer.bound()) {
            hostilePorts.add(dialer.localPort());
            boolean accepted = dialer.dial(a.physicalAddress(), CLUSTER, b.address());

            assertThat(accepted).as("A accepts a dial claiming to be B").isFalse();
            assertThat(dialer.closedByMember()).as("A closes the hostile connection").isTrue();
        }
        assertThat(metric(a, "xsite_transport_connections_rejected_total", "conflict")).isEqualTo(1);
        List<String> received = new CopyOnWriteArrayList<>();
        a.addMessageListener(message -> received.add(text(message)));
        b.send(a.address(), "still B".getBytes(StandardCharsets.UTF_8)).get();
        await("B's messages still reach A").atMost(ofSeconds(10)).until(() -> received.contains("still B"));
        assertThat(metric(a, "xsite_member_suspicions_total", null) + metric(b, "xsite_member_suspicions_total", null))
                .as("neither A nor B lost its connection").isEqualTo(suspicionsBefore);
        assertThat(a.view().members()).containsExactlyInAnyOrderElementsOf(
                members.stream().map(Member::address).toList());
    }

    private List<Member> startInOneView(int size) {
        cluster = new LoopbackCluster(CLUSTER, size);
        List<Member> members = cluster.startAll();
        awaitOneView(members);
        return members;
    }

    private static void awaitOneView(List<Member> members) {
        await("the members form one view").atMost(ofSeconds(20)).until(() -> members.stream().allMatch(m ->
                m.view() != null && m.view().size() == members.size() && m.view().equals(members.get(0).view())));
    }

    /** The members still talk: each gets a message from the next. */
    private static void assertStillOneCluster(List<Member> members) throws Exception {
        Member a = members.get(0);
        Member b = members.get(1);
        List<String> received = new CopyOnWriteArrayList<>();
        a.addMessageListener(message -> received.add(text(message)));
        b.send(a.address(), "hello A".getBytes(StandardCharsets.UTF_8)).get();
        await("B reaches A").atMost(ofSeconds(10)).until(() -> received.contains("hello A"));
        assertThat(b.view()).isEqualTo(a.view());
    }

    private static UuidAddress stranger() {
        return UuidAddress.siteUuid(UUID.randomUUID(), "intruder", null, 0);
    }

    private static String text(Message message) {
        return new String(message.payload(), StandardCharsets.UTF_8);
    }

    private static AdminResponse ready(Member member) throws Exception {
        return member.adminRoutes().get("/ready").answer().toCompletableFuture().get();
    }

    /** The Prometheus value of {@code name} (with {@code reason}, when given) in the member's scrape; 0 if absent. */
    private static double metric(Member member, String name, String reason) throws Exception {
        String scrape = member.adminRoutes().get("/metrics").answer().toCompletableFuture().get().body();
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double total = 0;
        while (m.find()) {
            if (reason == null || m.group(1).contains("reason=\"" + reason + "\"")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
