package io.xsite.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.member.Discovered;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The election as this member runs it: views and discovery rounds in, site masters and standby out. */
class SiteMasterElectionTest {
    private static final long GRACE = Duration.ofSeconds(10).toNanos();

    private final UuidAddress self = member("nyc0");
    private final UuidAddress other = member("nyc1");
    private final UuidAddress third = member("nyc2");
    private final View alone = new View(new ViewId(self, 1), List.of(self));
    private final SiteMasterElection election = new SiteMasterElection(1, GRACE, "nyc/nyc0");

    @Test
    void aViewOfSeveralNamesItsFirstEligibleMemberAndTheNextInLine() {
        View view = new View(new ViewId(other, 4), List.of(other, self, third));

        SiteMasterElection.Outcome outcome = election.elect(view, false, found(3, other, third), 0);

        assertThat(outcome.siteMasters()).containsExactly(other);
        assertThat(outcome.standby()).isEqualTo(self);
    }

    @Test
    void aMemberAloneThatFoundOthersNamesNobodyUntilTheyJoin() {
        assertThat(election.elect(alone, false, found(1, other), 0)).isEqualTo(SiteMasterElection.Outcome.NONE);
        assertThat(election.waitOver(alone, found(2, other), 1_000)).isFalse();

        View joined = new View(new ViewId(self, 2), List.of(self, other));
        assertThat(election.elect(joined, false, found(2, other), 2_000).siteMasters()).containsExactly(self);
    }

    @Test
    void aMemberAloneIsSiteMasterOnceALaterRoundFoundNobody() {
        // The round that made it start alone found nobody, but a slow round misses members that are there.
        assertThat(election.elect(alone, false, found(1), 0)).isEqualTo(SiteMasterElection.Outcome.NONE);
        assertThat(election.waitOver(alone, found(1), 1_000)).isFalse();

        assertThat(election.waitOver(alone, found(2), 2_000)).isTrue();
        assertThat(election.elect(alone, false, found(2), 2_000).siteMasters()).containsExactly(self);
        assertThat(election.waitOver(alone, found(3), 3_000)).as("elected: nothing to wait for").isFalse();
    }

    @Test
    void aMemberAloneIsSiteMasterAfterTheGraceWhenNoMergeComes() {
        election.elect(alone, false, found(1, other), 0);

        assertThat(election.waitOver(alone, found(5, other), GRACE - 1)).isFalse();
        assertThat(election.waitOver(alone, found(6, other), GRACE)).isTrue();
        assertThat(election.elect(alone, false, found(6, other), GRACE).siteMasters()).containsExactly(self);
    }

    @Test
    void aMemberOnTheBridgesAlreadyDoesNotWaitWhenItIsLeftAlone() {
        SiteMasterElection.Outcome outcome = election.elect(alone, true, found(7, other), 0);

        assertThat(outcome.siteMasters()).containsExactly(self);
        assertThat(outcome.standby()).isNull();
    }

    private Discovered found(long round, UuidAddress... others) {
        return new Discovered(round, Set.of(others));
    }

    private static UuidAddress member(String name) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, "nyc", UuidAddress.CAN_BECOME_SITE_MASTER);
    }
}
