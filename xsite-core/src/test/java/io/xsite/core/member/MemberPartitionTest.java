package io.xsite.core.member;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.core.transport.memory.LinkConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Real members on the in-memory network: partitions, heals, crashes and what messages do meanwhile. */
class MemberPartitionTest {

    @Test
    void halvesOfAPartitionMergeIntoOneViewAfterTheHeal() {
        try (InMemoryCluster cluster = new InMemoryCluster("halves", 11L)) {
            List<Member> members = cluster.start(6);
            awaitOneView(members, cluster);

            List<Member> left = members.subList(0, 3);
            List<Member> right = members.subList(3, 6);
            cluster.partition(left, right);
            awaitOneView(left, cluster);
            awaitOneView(right, cluster);

            cluster.heal();
            awaitOneView(members, cluster);
        }
    }

    @Test
    void everyMemberSeesTheSameSequenceOfViews() {
        try (InMemoryCluster cluster = new InMemoryCluster("sequence", 12L)) {
            Map<UuidAddress, List<View>> seen = new ConcurrentHashMap<>();
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Member member = cluster.start("m" + i);
                List<View> views = new CopyOnWriteArrayList<>();
                seen.put(member.address(), views);
                member.addViewListener(views::add);
                members.add(member);
                awaitOneView(members, cluster);
            }
            members.get(4).close();
            members.get(0).close();
            List<Member> rest = members.subList(1, 4);
            View last = awaitOneView(rest, cluster);

            List<View> reference = from(seen.get(rest.get(2).address()), rest.get(2).address());
            for (Member member : rest) {
                await("views delivered to the listeners of " + member.name()).atMost(ofSeconds(10))
                        .untilAsserted(() -> assertThat(seen.get(member.address())).last().isEqualTo(last));
                assertThat(from(seen.get(member.address()), rest.get(2).address())).isEqualTo(reference);
            }
        }
    }

    @Test
    void messagesStayFifoWithoutDuplicatesThroughLossPartitionAndCrash() {
        try (InMemoryCluster cluster = new InMemoryCluster("churn", 13L)) {
            cluster.network().defaultLink(LinkConditions.lossy(0.05));
            List<Member> members = cluster.start(4);
            awaitOneView(members, cluster);
            Map<String, List<Integer>> received = new ConcurrentHashMap<>();
            for (Member member : members) {
                member.addMessageListener(message -> {
                    String[] parts = new String(message.payload(), UTF_8).split(" ");
                    received.computeIfAbsent(member.name() + "<-" + parts[0], k -> new CopyOnWriteArrayList<>())
                            .add(Integer.parseInt(parts[1]));
                });
            }
            Member sender = members.get(0);
            Member victim = members.get(3);
            for (int n = 0; n < 300; n++) {
                sender.sendToAll(("m0 " + n).getBytes(UTF_8));
                if (n == 100) {
                    cluster.partition(members.subList(0, 2), members.subList(2, 4));
                }
                if (n == 150) {
                    cluster.heal();
                }
                if (n == 200) {
                    cluster.crash(victim);
                }
            }
            List<Member> survivors = members.subList(0, 3);
            awaitOneView(survivors, cluster);
            sender.sendToAll("m0 300".getBytes(UTF_8)).join();

            await("the last message reaches every survivor").atMost(ofSeconds(20)).untilAsserted(() -> {
                for (Member member : survivors) {
                    assertThat(received.get(member.name() + "<-m0")).contains(300);
                }
            });
            for (Member member : survivors) {
                List<Integer> got = received.get(member.name() + "<-m0");
                assertThat(got).as("per-sender FIFO without duplicates at %s (%s)", member.name(), cluster)
                        .isSorted().doesNotHaveDuplicates();
            }
            assertThat(received.get("m1<-m0")).as("m1 stayed in m0's view throughout: nothing lost (%s)", cluster)
                    .hasSize(301);
        }
    }

    /** The views from the first one that contains {@code member}. */
    private static List<View> from(List<View> views, UuidAddress member) {
        int first = 0;
        while (first < views.size() && !views.get(first).contains(member)) {
            first++;
        }
        return views.subList(first, views.size());
    }

    private static View awaitOneView(List<Member> members, InMemoryCluster cluster) {
        List<UuidAddress> addresses = members.stream().map(Member::address).toList();
        await("one view of " + addresses.size() + " on " + cluster).atMost(ofSeconds(20)).untilAsserted(() -> {
            View view = members.get(0).view();
            assertThat(view).isNotNull();
            assertThat(view.members()).containsExactlyInAnyOrderElementsOf(addresses);
            for (Member member : members) {
                assertThat(member.view()).isEqualTo(view);
            }
        });
        return members.get(0).view();
    }
}
