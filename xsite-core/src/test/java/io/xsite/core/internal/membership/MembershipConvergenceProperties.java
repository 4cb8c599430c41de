package io.xsite.core.internal.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.membership.SimNetwork.SimMember;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random schedules of crashes, partitions, heals and message loss over 3 to 7 members: once the
 * network heals, the live members converge to one identical view of exactly themselves. jqwik
 * prints a failing sample (seed, size, schedule) and its seed replays it.
 */
class MembershipConvergenceProperties {
    private static final MembershipConfig CONFIG = MembershipConfig.loopback();
    private static final Duration CONVERGENCE = Duration.ofSeconds(60);

    /** What happens next in a schedule, then how long the network runs before the step after. */
    enum Kind { CRASH, PARTITION, HEAL, LOSSY, RUN }

    /**
     * One step of a schedule.
     *
     * @param kind   the fault
     * @param pick   which member crashes (index), or which side each member is on (bit mask)
     * @param millis how long the network runs after the fault
     */
    record Fault(Kind kind, int pick, int millis) {
    }

    @Property(tries = 200)
    void liveMembersConvergeToOneViewOfThemselves(@ForAll long seed, @ForAll @IntRange(min = 3, max = 7) int size,
                                                   @ForAll("schedules") List<Fault> schedule) {
        SimNetwork net = new SimNetwork(seed, CONFIG);
        List<SimMember> members = net.startMembers("m", size);

        for (Fault fault : schedule) {
            apply(net, fault);
            net.run(Duration.ofMillis(fault.millis()));
        }
        net.heal();
        net.dropProbability(0);
        List<SimMember> live = net.live();
        Duration took = net.runUntil(CONVERGENCE, () -> converged(live));

        assertThat(took).as("seed %d, %d members: live %s converge; views %s", seed, size, live,
                members.stream().map(m -> m + (m.isLive() ? "" : "(crashed)") + "=" + m.view()).toList())
                .isNotNull();
        // A verdict reached just before the heal may still cost a view change; it must end in the same place.
        net.run(CONFIG.mergeCheckInterval().multipliedBy(2));
        assertThat(net.runUntil(CONVERGENCE, () -> converged(live))).as("seed %d: still one view of %s", seed, live)
                .isNotNull();
    }

    @Example
    void aMemberMergedInTakesTheMergedViewFromItsFormerCoordinator() {
        liveMembersConvergeToOneViewOfThemselves(2, 3, List.of(new Fault(Kind.PARTITION, 3, 50),
                new Fault(Kind.LOSSY, 0, 951), new Fault(Kind.PARTITION, 1, 101)));
    }

    @Example
    void aMemberThatMissedEveryRetransmissionOfAViewCatchesUp() {
        liveMembersConvergeToOneViewOfThemselves(21, 6, List.of(new Fault(Kind.LOSSY, 24, 801),
                new Fault(Kind.CRASH, 0, 50), new Fault(Kind.PARTITION, 0, 801)));
    }

    @Example
    void singletonCoordinatorsStartedTogetherMergeDespiteCompetingMergeRequests() {
        liveMembersConvergeToOneViewOfThemselves(0, 6, List.of(new Fault(Kind.LOSSY, 21, 51),
                new Fault(Kind.PARTITION, 0, 251), new Fault(Kind.CRASH, 0, 51), new Fault(Kind.PARTITION, 7, 51),
                new Fault(Kind.CRASH, 0, 101)));
    }

    @Example
    void membersOfAViewWhoseCoordinatorCrashedBeforeAnyTakeoverAreMerged() {
        liveMembersConvergeToOneViewOfThemselves(2886922, 3, List.of(new Fault(Kind.PARTITION, 2, 501),
                new Fault(Kind.LOSSY, 1, 51), new Fault(Kind.LOSSY, 19, 51), new Fault(Kind.PARTITION, 0, 50),
                new Fault(Kind.PARTITION, 0, 50), new Fault(Kind.PARTITION, 0, 401), new Fault(Kind.CRASH, 1, 50)));
    }

    @Example
    void aMemberThatRejoinsIsSuspectedSoTheNextMemberTakesOver() {
        liveMembersConvergeToOneViewOfThemselves(2, 5, List.of(new Fault(Kind.CRASH, 3, 101),
                new Fault(Kind.CRASH, 2, 51), new Fault(Kind.PARTITION, 0, 51), new Fault(Kind.PARTITION, 2, 50),
                new Fault(Kind.CRASH, 2, 50)));
    }

    private static void apply(SimNetwork net, Fault fault) {
        List<SimMember> live = net.live();
        switch (fault.kind()) {
            case CRASH -> {
                if (live.size() > 1) {
                    net.crash(live.get(fault.pick() % live.size()));
                }
            }
            case PARTITION -> {
                List<SimMember> one = new ArrayList<>();
                List<SimMember> other = new ArrayList<>();
                for (int i = 0; i < live.size(); i++) {
                    ((fault.pick() >> i & 1) == 0 ? one : other).add(live.get(i));
                }
                net.partition(one, other);
            }
            case HEAL -> net.heal();
            case LOSSY -> net.dropProbability((fault.pick() % 30) / 100.0);
            case RUN -> {
                // Only time passes.
            }
            default -> throw new IllegalStateException("unknown fault " + fault);
        }
    }

    private static boolean converged(List<SimMember> live) {
        View first = live.get(0).view();
        if (first == null) {
            return false;
        }
        Set<UuidAddress> addresses = live.stream().map(m -> m.address).collect(Collectors.toSet());
        return Set.copyOf(first.members()).equals(addresses) && live.stream().allMatch(m -> first.equals(m.view()));
    }

    @Provide
    Arbitrary<List<Fault>> schedules() {
        Arbitrary<Fault> fault = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 127),
                Arbitraries.integers().between(50, 3000)).as(Fault::new);
        return fault.list().ofMinSize(1).ofMaxSize(8);
    }
}
