package io.xsite.relay.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.routing.ForwardRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routes from bridge views: direct first, then forward rules, never through a visited site. */
class RoutingTableTest {
    private final UuidAddress a1 = bridgeMember("a1", "a");
    private final UuidAddress b1 = bridgeMember("b1", "b");
    private final UuidAddress b2 = bridgeMember("b2", "b");
    private final UuidAddress c1 = bridgeMember("c1", "c");

    @Test
    void sitesMapToTheirBridgeMembersInViewOrder() {
        RoutingTable table = RoutingTable.of("a", Map.of("ab", view(a1, b2, b1)));
        assertThat(table.sites()).containsExactly("b");
        assertThat(table.routes("b")).extracting(RoutingTable.Hop::member).containsExactly(b2, b1);
        assertThat(table.next("b", List.of(), List.of())).contains(new RoutingTable.Hop("ab", b2));
        assertThat(table.routes("a")).as("no route to the own site").isEmpty();
    }

    @Test
    void forwardRulesReachSitesBehindAGateway() {
        Map<String, View> views = new LinkedHashMap<>();
        views.put("ab", view(a1, b1));
        RoutingTable table = RoutingTable.of("a", views);
        List<ForwardRule> rules = List.of(ForwardRule.of("x.*", "z"), ForwardRule.of("c|d", "b"));

        assertThat(table.next("c", List.of(), rules)).contains(new RoutingTable.Hop("ab", b1));
        assertThat(table.next("c", List.of("b"), rules)).as("never back through a visited gateway").isEmpty();
        assertThat(table.next("xy", List.of(), rules)).as("the gateway z is not reachable").isEmpty();
        assertThat(table.next("e", List.of(), rules)).as("no rule matches").isEmpty();
    }

    @Test
    void aVisitedDestinationIsUnreachable() {
        RoutingTable table = RoutingTable.of("b", Map.of("ab", view(a1, b1), "bc", view(b1, c1)));
        assertThat(table.sites()).containsExactlyInAnyOrder("a", "c");
        assertThat(table.next("a", List.of("a", "c"), List.of())).isEmpty();
        assertThat(table.next("c", List.of("a"), List.of())).contains(new RoutingTable.Hop("bc", c1));
    }

    private static View view(UuidAddress... members) {
        return new View(new ViewId(members[0], 1), List.of(members));
    }

    private static UuidAddress bridgeMember(String name, String site) {
        return UuidAddress.siteUuid(UUID.randomUUID(), "_" + name, site, 0);
    }
}
