package io.xsite.core.member;

import static io.xsite.core.member.ClusterAwaits.CONVERGENCE;
import static io.xsite.core.member.ClusterAwaits.awaitOneView;
import static io.xsite.core.member.NumberedInbox.number;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import io.xsite.core.membership.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages and requests between tunnel members through real xsite routers, also while a router goes away. */
class TunnelMessagingTest {
    private static final int MEMBERS = 4;

    @ParameterizedTest(name = "through {0} router(s)")
    @ValueSource(ints = {1, 2})
    void everyMessageToEveryoneArrivesOnceAndInOrderPerSenderAndRequestsGetEveryReply(int routers)
            throws Exception {
        try (TunnelCluster cluster = new TunnelCluster("messages", routers)) {
            List<Member> members = cluster.startAll("m", MEMBERS);
            View view = awaitOneView(members);
            List<NumberedInbox> inboxes = listen(members);
            for (Member member : members) {
                member.setRequestHandler(request -> ("pong from " + member.name()).getBytes(UTF_8));
            }

            sendNumbered(members, 0, 100);

            awaitEverySequence(members, inboxes, 100);
            for (Member asker : members) {
                Replies replies = asker.requestAll("ping".getBytes(UTF_8), ofSeconds(10)).get(15, TimeUnit.SECONDS);
                assertThat(replies.byTarget().keySet()).as("targets of %s", asker.name())
                        .containsExactlyElementsOf(view.members());
                assertThat(replies.byTarget().values()).extracting(Reply::outcome).containsOnly(Reply.Outcome.REPLIED);
                assertThat(replies.responses()).extracting(m -> new String(m.payload(), UTF_8))
                        .containsExactlyInAnyOrderElementsOf(members.stream().map(m -> "pong from " + m.name()).toList());
            }
        }
    }

    /**
     * Every member is registered with both routers and half of them prefer the one that closes; 200
     * numbered messages from each member straddle the close. The routers' shutdown sends no SUSPECT, and
     * the other router carries everything, so the members see no view change and lose nothing.
     */
    @Test
    void closingOneOfTwoRoutersChangesNothingVisible() throws Exception {
        try (TunnelCluster cluster = new TunnelCluster("failover", 2)) {
            List<Member> members = cluster.startAll("m", MEMBERS);
            View view = awaitOneView(members);
            List<NumberedInbox> inboxes = listen(members);

            sendNumbered(members, 0, 100);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> cluster.closeRouter(0));
            sendNumbered(members, 100, 200);
            closing.get(10, TimeUnit.SECONDS);

            awaitEverySequence(members, inboxes, 200);
            // Long enough for a member cut off by the close to be suspected and excluded.
            Duration quiet = TunnelCluster.PATIENT.suspectTimeout().plus(TunnelCluster.PATIENT.verifyTimeout())
                    .plusSeconds(1);
            await("no view change for " + quiet + " after the router closed")
                    .during(quiet).atMost(quiet.plus(CONVERGENCE)).untilAsserted(() -> {
                        for (Member member : members) {
                            assertThat(member.view()).as("view of %s", member.name()).isEqualTo(view);
                            List<View> seen = cluster.views(member);
                            assertThat(seen.get(seen.size() - 1)).as("last view heard by %s", member.name())
                                    .isEqualTo(view);
                        }
                    });
        }
    }

    private static List<NumberedInbox> listen(List<Member> members) {
        List<NumberedInbox> inboxes = new ArrayList<>();
        for (Member member : members) {
            NumberedInbox inbox = new NumberedInbox();
            member.addMessageListener(inbox);
            inboxes.add(inbox);
        }
        return inboxes;
    }

    /** Every member sends numbers {@code from} to {@code to} (exclusive) to everyone, interleaved with the others. */
    private static void sendNumbered(List<Member> members, int from, int to) throws Exception {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int n = from; n < to; n++) {
            for (Member member : members) {
                sends.add(member.sendToAll(number(n)));
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(CONVERGENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until each member got {@code count} numbers from each sender, then checks they are 0..count-1. */
    private static void awaitEverySequence(List<Member> members, List<NumberedInbox> inboxes, int count) {
        List<Integer> expected = IntStream.range(0, count).boxed().toList();
        for (int i = 0; i < members.size(); i++) {
            Member receiver = members.get(i);
            NumberedInbox inbox = inboxes.get(i);
            for (Member sender : members) {
                await(receiver.name() + " receives " + count + " messages from " + sender.name()).atMost(CONVERGENCE)
                        .until(() -> inbox.from(sender.address()).size() >= count);
                assertThat(inbox.from(sender.address())).as("numbers %s received from %s", receiver.name(),
                        sender.name()).containsExactlyElementsOf(expected);
            }
        }
    }
}
