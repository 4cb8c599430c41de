package io.xsite.core.member;

import static io.xsite.core.member.ClusterAwaits.at;
import static io.xsite.core.member.ClusterAwaits.awaitOneView;
import static io.xsite.core.member.ClusterAwaits.awaitView;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Members over the tunnel transport through real xsite routers: joining, leaving and crashing. */
class TunnelMembershipTest {

    @ParameterizedTest(name = "{1} member(s) through {0} router(s)")
    @CsvSource({"1, 1", "1, 3", "1, 10", "2, 1", "2, 3", "2, 10"})
    void membersStartedAtTheSameTimeEndInOneView(int routers, int size) {
        try (TunnelCluster cluster = new TunnelCluster("together", routers)) {
            List<Member> members = cluster.startAll("m", size);

            View view = awaitOneView(members);

            assertThat(view.members()).hasSize(size).doesNotHaveDuplicates();
            assertThat(view.coordinator()).isEqualTo(view.members().get(0));
        }
    }

    @ParameterizedTest(name = "through {0} router(s)")
    @ValueSource(ints = {1, 2})
    void aLeavingMemberAndThenALeavingCoordinatorAreExcluded(int routers) {
        try (TunnelCluster cluster = new TunnelCluster("leave", routers)) {
            List<Member> members = cluster.startAll("m", 4);
            View first = awaitOneView(members);
            Member coordinator = at(members, first.coordinator());
            Member leaver = at(members, first.members().get(2));

            leaver.close();
            List<Member> three = members.stream().filter(m -> m != leaver).toList();
            View afterLeave = awaitView(three, three);
            assertThat(afterLeave.coordinator()).as("a member leaving keeps the coordinator")
                    .isEqualTo(coordinator.address());

            coordinator.close();
            List<Member> two = three.stream().filter(m -> m != coordinator).toList();
            View last = awaitView(two, two);
            assertThat(last.coordinator()).as("the next oldest member takes over from the leaving coordinator")
                    .isEqualTo(afterLeave.members().get(1));
        }
    }

    /**
     * Relayed: the crashed member's router connections drop, so the routers SUSPECT it at once.
     * Not relayed: it goes silent, and only the missing heartbeats tell the others.
     */
    @ParameterizedTest(name = "through {0} router(s), connections dropped: {1}")
    @CsvSource({"1, true", "1, false", "2, true", "2, false"})
    void aCrashedMemberAndThenACrashedCoordinatorAreExcluded(int routers, boolean relayed) {
        try (TunnelCluster cluster = new TunnelCluster("crash", routers, relayed, MembershipConfig.loopback())) {
            List<Member> members = cluster.startAll("m", 4);
            View first = awaitOneView(members);
            Member coordinator = at(members, first.coordinator());
            Member victim = at(members, first.members().get(2));

            cluster.crash(victim);
            List<Member> three = members.stream().filter(m -> m != victim).toList();
            View afterCrash = awaitView(three, three);
            assertThat(afterCrash.coordinator()).as("a crashed member keeps the coordinator")
                    .isEqualTo(coordinator.address());

            cluster.crash(coordinator);
            List<Member> two = three.stream().filter(m -> m != coordinator).toList();
            View last = awaitView(two, two);
            assertThat(last.coordinator()).as("the next oldest member takes over from the crashed coordinator")
                    .isEqualTo(afterCrash.members().get(1));
        }
    }
}
