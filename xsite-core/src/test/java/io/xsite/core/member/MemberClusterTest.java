package io.xsite.core.member;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import io.xsite.core.membership.View;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Members on loopback tcp: joining, messaging, request/response, leaving and crashing. */
class MemberClusterTest {

    @Test
    void membersStartedTogetherFormOneView() {
        try (LoopbackCluster cluster = new LoopbackCluster("together", 4)) {
            List<Member> members = cluster.startAll();
            awaitOneView(members);
        }
    }

    @Test
    void aMessageToEveryoneReachesEveryMemberOnceAndRequestsGetEveryReply() throws Exception {
        try (LoopbackCluster cluster = new LoopbackCluster("messages", 3)) {
            List<Member> members = cluster.startAll();
            awaitOneView(members);
            List<List<String>> received = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                    new CopyOnWriteArrayList<>());
            for (int i = 0; i < members.size(); i++) {
                Member member = members.get(i);
                List<String> inbox = received.get(i);
                member.addMessageListener(message -> inbox.add(new String(message.payload(), UTF_8)));
                member.setRequestHandler(request -> ("pong from " + member.name()).getBytes(UTF_8));
            }

            for (int n = 0; n < 100; n++) {
                members.get(0).sendToAll(("line " + n).getBytes(UTF_8));
            }
            Replies replies = members.get(1).requestAll("ping".getBytes(UTF_8), ofSeconds(5)).get(10, TimeUnit.SECONDS);

            List<String> expected = java.util.stream.IntStream.range(0, 100).mapToObj(n -> "line " + n).toList();
            await("every member received the 100 lines once, in order").atMost(ofSeconds(10))
                    .untilAsserted(() -> received.forEach(inbox -> assertThat(inbox).containsExactlyElementsOf(expected)));
            assertThat(replies.byTarget().values()).extracting(Reply::outcome).containsOnly(Reply.Outcome.REPLIED);
            assertThat(replies.responses()).extracting(m -> new String(m.payload(), UTF_8))
                    .containsExactlyInAnyOrder("pong from m0", "pong from m1", "pong from m2");
        }
    }

    @Test
    void aLeavingMemberAndAKilledCoordinatorAreExcluded() {
        try (LoopbackCluster cluster = new LoopbackCluster("leave", 4)) {
            List<Member> members = cluster.startAll();
            View first = awaitOneView(members);
            Member coordinator = members.stream().filter(m -> m.address().equals(first.coordinator())).findFirst()
                    .orElseThrow();
            List<Member> others = members.stream().filter(m -> m != coordinator).toList();

            others.get(0).close();
            View afterLeave = awaitView(others.subList(1, 3), List.of(coordinator, others.get(1), others.get(2)));
            assertThat(afterLeave.coordinator()).isEqualTo(coordinator.address());

            coordinator.simulateCrash();
            View last = awaitView(others.subList(1, 3), List.of(others.get(1), others.get(2)));
            assertThat(last.coordinator()).as("the next oldest member takes over")
                    .isEqualTo(afterLeave.members().get(1));
        }
    }

    @Test
    void unicastsAreFifoPerSender() throws Exception {
        try (LoopbackCluster cluster = new LoopbackCluster("fifo", 2)) {
            List<Member> members = cluster.startAll();
            awaitOneView(members);
            List<Integer> seen = new CopyOnWriteArrayList<>();
            members.get(1).addMessageListener(m -> seen.add(Integer.parseInt(new String(m.payload(), UTF_8))));
            for (int i = 0; i < 5000; i++) {
                members.get(0).send(members.get(1).address(), Integer.toString(i).getBytes(UTF_8));
            }
            await("5000 unicasts arrive in order").atMost(ofSeconds(20)).until(() -> seen.size() == 5000);
            assertThat(seen).isSorted().doesNotHaveDuplicates();
        }
    }

    private static View awaitOneView(List<Member> members) {
        List<UuidAddress> addresses = members.stream().map(Member::address).toList();
        await("the members install one view of " + members.size()).atMost(ofSeconds(15)).untilAsserted(() -> {
            View view = members.get(0).view();
            assertThat(view).isNotNull();
            assertThat(view.members()).containsExactlyInAnyOrderElementsOf(addresses);
            for (Member member : members) {
                assertThat(member.view()).isEqualTo(view);
            }
        });
        return members.get(0).view();
    }

    private static View awaitView(List<Member> observers, List<Member> expected) {
        List<UuidAddress> addresses = expected.stream().map(Member::address).toList();
        await("members install a view of " + addresses.size()).atMost(ofSeconds(15)).untilAsserted(() -> {
            for (Member member : observers) {
                assertThat(member.view().members()).containsExactlyInAnyOrderElementsOf(addresses);
                assertThat(member.view()).isEqualTo(observers.get(0).view());
            }
        });
        return observers.get(0).view();
    }
}
