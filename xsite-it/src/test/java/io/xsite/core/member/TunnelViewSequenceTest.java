package io.xsite.core.member;

import static io.xsite.core.member.ClusterAwaits.CONVERGENCE;
import static io.xsite.core.member.ClusterAwaits.at;
import static io.xsite.core.member.ClusterAwaits.awaitOneView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.core.membership.View;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In a failure-free run (simultaneous joins, later joins, a member and then the coordinator leaving
 * gracefully, one more join) every member installs the same sequence of views: each member's views,
 * counted from the first one holding every member present when it joined, are one contiguous piece of
 * the same sequence, running to its end for the members still there.
 */
class TunnelViewSequenceTest {

    @ParameterizedTest(name = "through {0} router(s)")
    @ValueSource(ints = {1, 2})
    void everyMemberSeesTheSameSequenceOfViews(int routers) {
        try (TunnelCluster cluster = new TunnelCluster("sequence", routers)) {
            List<Member> present = new ArrayList<>();
            Map<Member, View> firstFull = new HashMap<>();
            List<View> milestones = new ArrayList<>();

            join(cluster.startAll("a", 5), present, firstFull, milestones);
            join(cluster.startAll("b", 2), present, firstFull, milestones);
            Member member = at(present, lastOf(milestones).members().get(3));
            leave(member, present, milestones);
            Member coordinator = at(present, lastOf(milestones).coordinator());
            leave(coordinator, present, milestones);
            join(List.of(cluster.start("c0")), present, firstFull, milestones);
            View last = lastOf(milestones);
            await("every member's listener heard the last view").atMost(CONVERGENCE)
                    .until(() -> present.stream().allMatch(m -> last.equals(lastOf(cluster.views(m)))));

            Member witness = present.stream().filter(m -> m.name().startsWith("a")).findFirst().orElseThrow();
            List<View> reference = from(cluster.views(witness), firstFull.get(witness));
            assertThat(reference).as("the views of %s, there from start to end", witness.name())
                    .containsSubsequence(milestones).startsWith(milestones.get(0)).endsWith(last)
                    .doesNotHaveDuplicates();
            firstFull.forEach((m, full) -> {
                List<View> own = from(cluster.views(m), full);
                int start = reference.indexOf(own.get(0));
                assertThat(start).as("%s's first view %s is one of %s", m.name(), own.get(0), reference)
                        .isNotNegative();
                assertThat(own).as("views of %s", m.name())
                        .isEqualTo(reference.subList(start, Math.min(reference.size(), start + own.size())));
                if (present.contains(m)) {
                    assertThat(start + own.size()).as("%s saw every view to the end", m.name())
                            .isEqualTo(reference.size());
                }
            });
        }
    }

    /** {@code joiners} (started at once) join; records the view holding everyone. */
    private static void join(List<Member> joiners, List<Member> present, Map<Member, View> firstFull,
                             List<View> milestones) {
        present.addAll(joiners);
        View view = awaitOneView(present);
        joiners.forEach(m -> firstFull.put(m, view));
        milestones.add(view);
    }

    /** {@code leaver} leaves gracefully; records the view without it. */
    private static void leave(Member leaver, List<Member> present, List<View> milestones) {
        present.remove(leaver);
        leaver.close();
        milestones.add(awaitOneView(present));
    }

    /** The views of {@code history} from the first one holding every member of {@code full}. */
    private static List<View> from(List<View> history, View full) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).members().containsAll(full.members())) {
                return history.subList(i, history.size());
            }
        }
        throw new AssertionError("no view holds all of " + full + ": " + history);
    }

    private static View lastOf(List<View> views) {
        return views.isEmpty() ? null : views.get(views.size() - 1);
    }
}
