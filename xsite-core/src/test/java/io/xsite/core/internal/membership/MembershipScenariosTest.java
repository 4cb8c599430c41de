package io.xsite.core.internal.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorAnswer;
import io.xsite.core.internal.membership.MembershipMessage.Heartbeat;
import io.xsite.core.internal.membership.MembershipMessage.VerifyRequest;
import io.xsite.core.internal.membership.MembershipMessage.ViewAck;
import io.xsite.core.internal.membership.SimNetwork.SimMember;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Membership scenarios on the simulated network: joins, leaves, crashes, partitions and merges. */
class MembershipScenariosTest {
    private static final MembershipConfig CONFIG = MembershipConfig.loopback();
    /** Crash to exclusion: silence until suspicion, the check, and a tick or two to act on it. */
    private static final Duration DETECTION = CONFIG.suspectTimeout().plus(CONFIG.verifyTimeout())
            .plus(CONFIG.heartbeatInterval()).plus(SimNetwork.TICK.multipliedBy(2));

    /** Every test gets its own instance (JUnit), so a test may replace the network before it starts members. */
    private SimNetwork net = new SimNetwork(42, CONFIG);

    @ParameterizedTest(name = "{0} members")
    @ValueSource(ints = {1, 3, 10})
    void membersStartedTogetherEndInOneView(int count) {
        List<SimMember> members = net.startMembers("m", count);

        awaitOneView("everyone in one view", members, Duration.ofSeconds(10));

        assertSameCoordinator(members);
        assertSameViewSequence(members);
    }

    @Test
    void aJoinerEntersAStableView() {
        List<SimMember> members = settled(3);
        View before = members.get(0).view();

        SimMember joiner = net.add("joiner");
        joiner.membership.start();
        members.add(joiner);
        awaitOneView("the joiner is in", members, Duration.ofSeconds(5));

        View after = joiner.view();
        assertThat(after.members()).startsWith(before.members().toArray(new UuidAddress[0]))
                .endsWith(joiner.address);
        assertThat(after.coordinator()).isEqualTo(before.coordinator());
        assertSameViewSequence(members);
    }

    @Test
    void concurrentJoinersLandInOneView() {
        List<SimMember> members = settled(3);
        SimMember coordinator = members.get(0);
        int viewsBefore = coordinator.views.size();

        List<SimMember> joiners = net.startMembers("j", 5);
        members.addAll(joiners);
        awaitOneView("the five joiners are in", members, Duration.ofSeconds(5));

        assertThat(coordinator.views).hasSize(viewsBefore + 1);
        assertThat(coordinator.view().diff(coordinator.views.get(viewsBefore - 1)).joined())
                .containsExactlyInAnyOrderElementsOf(joiners.stream().map(j -> j.address).toList());
        assertSameViewSequence(members);
    }

    @Test
    void aMemberLeavesGracefully() {
        List<SimMember> members = settled(4);
        SimMember leaver = members.remove(2);

        leaver.membership.leave();
        Duration took = awaitOneView("the others install a view without the leaver", members, Duration.ofSeconds(3));

        assertThat(took).as("a leave is no crash: nobody waits for suspicion").isLessThan(CONFIG.suspectTimeout());
        assertThat(leaver.left).isTrue();
        assertThat(members.get(0).view().diff(leaver.view()).left()).containsExactly(leaver.address);
        assertSameViewSequence(members);
    }

    /**
     * A leaver closes its connections once it sees the view without it; a member that still counted it would
     * take that for a crash. So the leaver is told only after the others acknowledged the view (here one
     * member's acknowledgements are lost, so only after the view-ack timeout).
     */
    @Test
    void aLeaverIsToldItIsOutOnlyOnceTheOthersAcknowledgedTheView() {
        List<SimMember> members = settled(4);
        SimMember leaver = members.remove(2);
        SimMember slow = members.get(1);
        net.dropWhen(e -> e.from().equals(slow.address) && e.message() instanceof ViewAck);

        leaver.membership.leave();
        Duration took = net.runUntil(Duration.ofSeconds(3), () -> leaver.left);

        assertThat(took).as("the leaver completes its leave").isNotNull()
                .isGreaterThanOrEqualTo(CONFIG.viewAckTimeout());
        assertThat(members).allSatisfy(m -> assertThat(m.view().contains(leaver.address))
                .as("%s still counts the leaver once it left", m).isFalse());
    }

    @Test
    void aLeavingMemberDoesNotSuspectTheMembersThatCloseTheirConnectionsToIt() {
        List<SimMember> members = settled(3);
        SimMember leaver = members.get(2);
        SimMember coordinator = members.get(0);

        leaver.membership.leave();
        leaver.membership.onPeerDisconnected(coordinator.address);
        members.get(1).membership.onPeerDisconnected(coordinator.address);

        assertThat(net.sent()).as("checks of the coordinator")
                .filteredOn(e -> e.to().equals(coordinator.address) && e.message() instanceof VerifyRequest)
                .extracting(e -> e.from()).containsExactly(members.get(1).address);
    }

    @Test
    void theCoordinatorLeavesAndHandsOver() {
        List<SimMember> members = settled(4);
        SimMember coordinator = members.remove(0);

        coordinator.membership.leave();
        Duration took = awaitOneView("the others install a view without the old coordinator", members,
                Duration.ofSeconds(3));

        assertThat(took).as("a leave is no crash: nobody waits for suspicion").isLessThan(CONFIG.suspectTimeout());
        assertThat(net.runUntil(CONFIG.viewAckTimeout(), () -> coordinator.left))
                .as("the old coordinator completes its leave once the others acknowledged").isNotNull();
        assertThat(members.get(1).view().coordinator()).isEqualTo(members.get(0).address);
        assertSameViewSequence(members);
    }

    @Test
    void aCrashedMemberIsExcludedAfterVerification() {
        List<SimMember> members = settled(4);
        SimMember victim = members.remove(3);

        net.crash(victim);
        Duration took = awaitOneView("the crashed member is excluded", members, DETECTION.multipliedBy(2));

        assertThat(took).isLessThanOrEqualTo(DETECTION).isGreaterThanOrEqualTo(CONFIG.suspectTimeout());
        assertThat(net.sent()).anyMatch(e -> e.to().equals(victim.address) && e.message() instanceof VerifyRequest);
        assertSameViewSequence(members);
    }

    @Test
    void aCrashedCoordinatorIsReplacedByTheNextMember() {
        List<SimMember> members = settled(4);
        SimMember coordinator = members.remove(0);

        net.crash(coordinator);
        Duration took = awaitOneView("the crashed coordinator is excluded", members, DETECTION.multipliedBy(2));

        assertThat(took).isLessThanOrEqualTo(DETECTION);
        assertThat(members.get(2).view().coordinator()).isEqualTo(members.get(0).address);
        assertSameViewSequence(members);
    }

    @Test
    void aJoinerToldOfACrashedCoordinatorJoinsItsSuccessorSoonAfterTheTakeOver() {
        // As production: a join timeout longer than the verification, so the old joiner waited for the
        // dead coordinator well past the take-over (a new site master's bridge member after a crash).
        MembershipConfig slowJoin = withLongJoinTimeout();
        net = new SimNetwork(42, slowJoin);
        List<SimMember> members = settled(3);
        SimMember coordinator = members.remove(0);
        net.crash(coordinator);
        SimMember joiner = net.add("joiner");
        joiner.membership.start();

        Duration took = awaitOneView("the survivors' view is gone over to", members, DETECTION.multipliedBy(2));
        members.add(joiner);
        Duration joined = awaitOneView("the joiner is in", members, slowJoin.joinTimeout().multipliedBy(2));

        assertThat(joined).as("join after the take-over at %s", took)
                .isLessThan(slowJoin.joinTimeout().dividedBy(4).plus(slowJoin.discoveryInterval()));
        assertThat(joiner.view().coordinator()).isEqualTo(members.get(0).address);
    }

    @Test
    void aJoinerWhoseAnswerIsLostAsksAgainInsteadOfWaitingOutTheJoinTimeout() {
        MembershipConfig slowJoin = withLongJoinTimeout();
        net = new SimNetwork(42, slowJoin);
        List<SimMember> members = settled(3);
        SimMember joiner = net.add("joiner");
        AtomicBoolean dropped = new AtomicBoolean();
        net.dropWhen(e -> e.to().equals(joiner.address) && e.message() instanceof CoordinatorAnswer
                && dropped.compareAndSet(false, true));
        joiner.membership.start();
        members.add(joiner);

        Duration took = awaitOneView("the joiner is in", members, slowJoin.joinTimeout().multipliedBy(2));

        assertThat(dropped).isTrue();
        assertThat(took).isLessThan(slowJoin.joinTimeout().dividedBy(2));
        assertSameViewSequence(members);
    }

    @Test
    void aSuspectedMemberThatAnswersTheCheckStays() {
        List<SimMember> members = settled(4);
        SimMember slow = members.get(2);
        View stable = slow.view();

        net.dropWhen(e -> e.from().equals(slow.address) && e.message() instanceof Heartbeat);
        net.run(CONFIG.suspectTimeout().multipliedBy(3));
        net.dropWhen(e -> false);
        net.run(CONFIG.suspectTimeout().multipliedBy(2));

        assertThat(net.sent()).filteredOn(e -> e.to().equals(slow.address) && e.message() instanceof VerifyRequest)
                .isNotEmpty();
        members.forEach(m -> assertThat(m.view()).as("view of %s", m).isEqualTo(stable));
    }

    @Test
    void aPartitionSplitsTheViewAndHealingMergesIt() {
        List<SimMember> members = settled(6);
        List<SimMember> left = members.subList(0, 3);
        List<SimMember> right = members.subList(3, 6);

        net.partition(left, right);
        awaitOneView("the first half installs a view of three", left, DETECTION.multipliedBy(2));
        awaitOneView("the second half installs a view of three", right, DETECTION.multipliedBy(2));
        net.heal();
        awaitOneView("one merged view of six", members, CONFIG.mergeCheckInterval().multipliedBy(3));

        assertThat(members.get(0).view().size()).isEqualTo(6);
    }

    @Test
    void aMemberExcludedWhileAliveRejoinsByItself() {
        List<SimMember> members = settled(4);
        SimMember isolated = members.get(1);
        List<SimMember> others = new ArrayList<>(members);
        others.remove(isolated);

        net.partition(List.of(isolated), others);
        awaitOneView("the others exclude the isolated member", others, DETECTION.multipliedBy(2));
        net.heal();
        awaitOneView("the isolated member is back", members, CONFIG.mergeCheckInterval().multipliedBy(3));

        assertThat(isolated.view().contains(isolated.address)).isTrue();
    }

    @Test
    void membersConvergeDespiteMessageLoss() {
        net.dropProbability(0.2);
        List<SimMember> members = net.startMembers("m", 5);

        awaitOneView("everyone in one view despite 20% loss", members, Duration.ofSeconds(20));
    }

    @Test
    void aCrashedCoordinatorWhoseAddressRefusesConnectionsIsExcludedWithoutWaitingOutTheCheck() {
        List<SimMember> members = settled(4);
        SimMember coordinator = members.remove(0);

        net.crash(coordinator);
        // What a tcp transport reports when a process died: its connections closed, a redial refused.
        members.forEach(m -> m.membership.onPeerDisconnected(coordinator.address));
        members.forEach(m -> m.membership.onPeerRefused(coordinator.address));
        Duration took = awaitOneView("the crashed coordinator is excluded", members, DETECTION);

        assertThat(took).as("a refused check ends the verification").isLessThan(CONFIG.verifyTimeout());
        assertThat(members.get(2).view().coordinator()).isEqualTo(members.get(0).address);
        assertSameViewSequence(members);
    }

    @Test
    void aRefusalOfAMemberNobodySuspectedOnlyStartsItsCheck() {
        List<SimMember> members = settled(3);
        View before = members.get(0).view();

        // A live member never refuses; a report of one must not exclude it unverified.
        members.get(0).membership.onPeerRefused(members.get(2).address);
        net.run(CONFIG.suspectTimeout());

        assertThat(net.sent()).anyMatch(e -> e.to().equals(members.get(2).address)
                && e.message() instanceof VerifyRequest);
        members.forEach(m -> assertThat(m.view()).as("view of %s", m).isEqualTo(before));
    }

    /** {@link #CONFIG} with an 8 s join timeout: far longer than a crash takes to detect. */
    private static MembershipConfig withLongJoinTimeout() {
        return new MembershipConfig(CONFIG.heartbeatInterval(), CONFIG.suspectTimeout(), CONFIG.verifyTimeout(),
                Duration.ofSeconds(8), CONFIG.discoveryInterval(), CONFIG.mergeCheckInterval(),
                CONFIG.viewAckTimeout(), CONFIG.leaveTimeout(), CONFIG.maxJoinBatch());
    }

    private List<SimMember> settled(int count) {
        List<SimMember> members = new ArrayList<>(net.startMembers("m", count));
        awaitOneView("the initial view", members, Duration.ofSeconds(10));
        // View order is join order; tests name members by their place in the view.
        View view = members.get(0).view();
        members.sort((a, b) -> Integer.compare(view.members().indexOf(a.address), view.members().indexOf(b.address)));
        return members;
    }

    private Duration awaitOneView(String description, List<SimMember> members, Duration max) {
        BooleanSupplier oneView = () -> {
            View first = members.get(0).view();
            return first != null && first.size() == members.size()
                    && members.stream().allMatch(m -> first.equals(m.view()) && first.contains(m.address));
        };
        Duration took = net.runUntil(max, oneView);
        assertThat(took).as("%s within %s; views: %s", description, max,
                members.stream().map(m -> m + "=" + m.view()).toList()).isNotNull();
        return took;
    }

    /** From the first view two members share on, both saw exactly the same views. */
    private static void assertSameViewSequence(List<SimMember> members) {
        for (SimMember a : members) {
            for (SimMember b : members) {
                List<View> fromA = new ArrayList<>(a.views);
                List<View> fromB = new ArrayList<>(b.views);
                HashSet<View> common = new HashSet<>(fromA);
                common.retainAll(fromB);
                View firstShared = fromA.stream().filter(common::contains).findFirst().orElseThrow();
                assertThat(fromA.subList(fromA.indexOf(firstShared), fromA.size()))
                        .as("views of %s and %s", a, b)
                        .isEqualTo(fromB.subList(fromB.indexOf(firstShared), fromB.size()));
            }
        }
    }

    private static void assertSameCoordinator(List<SimMember> members) {
        assertThat(members).extracting(m -> m.view().coordinator()).allMatch(Objects::nonNull)
                .containsOnly(members.get(0).view().coordinator());
    }
}
