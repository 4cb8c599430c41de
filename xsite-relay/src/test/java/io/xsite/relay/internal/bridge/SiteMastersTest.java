package io.xsite.relay.internal.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SiteMastersTest {
    private static final int ELIGIBLE = UuidAddress.CAN_BECOME_SITE_MASTER;

    private final UuidAddress a = member("a", 0);
    private final UuidAddress b = member("b", ELIGIBLE);
    private final UuidAddress c = member("c", 0);
    private final UuidAddress d = member("d", ELIGIBLE);
    private final View view = new View(new ViewId(a, 3), List.of(a, b, c, d));

    @Test
    void theFirstKEligibleMembersInViewOrder() {
        assertThat(SiteMasters.pick(view, 1, SiteMasters::flagged)).containsExactly(b);
        assertThat(SiteMasters.pick(view, 2, SiteMasters::flagged)).containsExactly(b, d);
        assertThat(SiteMasters.pick(view, 5, SiteMasters::flagged)).containsExactly(b, d);
        assertThat(SiteMasters.pick(view, 3, member -> true)).containsExactly(a, b, c);
    }

    @Test
    void theCoordinatorWhenNobodyIsEligible() {
        assertThat(SiteMasters.pick(view, 2, member -> false)).containsExactly(a);
    }

    @Test
    void theStandbyIsTheNextEligibleMemberAfterTheSiteMasters() {
        assertThat(SiteMasters.standby(view, List.of(b), SiteMasters::flagged)).contains(d);
        assertThat(SiteMasters.standby(view, List.of(b, d), SiteMasters::flagged)).isEmpty();
        assertThat(SiteMasters.standby(view, List.of(a), member -> true)).contains(b);
    }

    @Test
    void atLeastOneSiteMaster() {
        assertThatThrownBy(() -> SiteMasters.pick(view, 0, member -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UuidAddress member(String name, int flags) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, "nyc", flags);
    }
}
