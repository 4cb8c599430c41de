package io.xsite.relay.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.topology.MemberInfo;
import io.xsite.relay.topology.SiteView;
import io.xsite.relay.topology.TopologyLimits;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopologyTest {
    @Test
    void aNewSiteTakesThePlaceOfOneThatIsDownOrIsRefused() {
        Topology topology = new Topology(2);
        assertThat(topology.apply(view("a", 1))).isEqualTo(Topology.Change.UP);
        assertThat(topology.apply(view("b", 1))).isEqualTo(Topology.Change.UP);
        assertThat(topology.apply(view("c", 1))).isEqualTo(Topology.Change.REFUSED);
        assertThat(topology.snapshot()).containsOnlyKeys("a", "b");

        assertThat(topology.apply(view("b", 2))).as("a known site is no new one").isEqualTo(Topology.Change.UPDATED);
        topology.down("a");
        assertThat(topology.apply(view("c", 1))).isEqualTo(Topology.Change.UP);
        assertThat(topology.knownSites()).containsExactly("b", "c");
        assertThat(topology.view("a")).isEmpty();
    }

    @Test
    void versionsStayOrderedAndPositiveWhateverTheViewSequence() {
        assertThat(SiteView.version(3, 2)).isLessThan(SiteView.version(3, 3)).isLessThan(SiteView.version(4, 0));
        assertThat(SiteView.version(1, 70_000)).as("a revision saturates instead of reaching the sequence")
                .isLessThan(SiteView.version(2, 0));
        assertThat(SiteView.version(Long.MAX_VALUE, 1)).isPositive()
                .isGreaterThan(SiteView.version(Long.MAX_VALUE >>> 17, 1));
        assertThat(SiteView.version(-5, -1)).isZero();
    }

    @Test
    void aWellFormedViewDescribesOneSite() {
        UuidAddress a1 = UuidAddress.siteUuid(UUID.randomUUID(), "a1", "a", 0);
        UuidAddress b1 = UuidAddress.siteUuid(UUID.randomUUID(), "b1", "b", 0);
        MemberInfo one = new MemberInfo(a1, "127.0.0.1:1");
        assertThat(TopologyLimits.wellFormed(new SiteView("a", 1, List.of(one), List.of(a1)))).isTrue();
        assertThat(TopologyLimits.wellFormed(new SiteView("a", -1, List.of(one), List.of()))).isFalse();
        assertThat(TopologyLimits.wellFormed(new SiteView("a", 1, List.of(one, new MemberInfo(b1, "")), List.of())))
                .as("a member of another site").isFalse();
        assertThat(TopologyLimits.wellFormed(new SiteView("a", 1, List.of(one, one), List.of()))).isFalse();
        assertThat(TopologyLimits.wellFormed(new SiteView("b", 1, List.of(new MemberInfo(b1, "")), List.of(a1))))
                .as("a site master that is no member").isFalse();
        assertThat(TopologyLimits.wellFormed(new SiteView("a", 1, List.of(new MemberInfo(a1, "x".repeat(256))),
                List.of()))).as("a physical address beyond the longest name").isFalse();
        assertThat(new TopologyLimits(8, 1).tooLarge(new SiteView("a", 1, List.of(one), List.of()))).isFalse();
        assertThat(new TopologyLimits(8, 1).tooLarge(new SiteView("a", 1, List.of(one, new MemberInfo(
                UuidAddress.siteUuid(UUID.randomUUID(), "a2", "a", 0), "")), List.of()))).isTrue();
    }

    private static SiteView view(String site, long version) {
        return new SiteView(site, version, List.of(), List.of());
    }
}
