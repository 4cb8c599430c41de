package io.xsite.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.AppPayload;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.routing.ForwardRule;
import io.xsite.relay.internal.routing.Route;
import io.xsite.relay.topology.SiteView;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may speak for a site, rule by rule (the attacks themselves: {@link OriginForgeryTest}). */
class OriginCheckTest {
    /** Site a reaches site c through site b, as in the chain of SiteFailuresTest. */
    private static final List<ForwardRule> A_FORWARDS = List.of(ForwardRule.of("c", "b"));
    private static final UuidAddress A1 = member("a1", "a");
    private static final UuidAddress A2 = member("a2", "a");
    private static final UuidAddress C1 = member("c1", "c");

    @Test
    void overABridgeEveryKindSpeaksForOneSite() {
        Route fromC = Route.from(C1, new Destination.Member(A1));
        assertThat(OriginCheck.claimedSite(new Envelope.Data(fromC, 1, 1, 1, AppPayload.message(new byte[0]))))
                .isEqualTo("c");
        assertThat(OriginCheck.claimedSite(new Envelope.Ack(fromC, new Destination.Member(C1), 1, 1))).isEqualTo("c");
        assertThat(OriginCheck.claimedSite(new Envelope.Ack(fromC, new Destination.Site("c"), 1, 1))).isEqualTo("c");
        assertThat(OriginCheck.claimedSite(new Envelope.Ack(fromC, new Destination.Member(A2), 1, 1)))
                .as("c does not acknowledge what was sent to a").isNull();
        assertThat(OriginCheck.claimedSite(new Envelope.SiteUnreachable(fromC, "d", new Destination.Site("d"))))
                .isEqualTo("c");
        assertThat(OriginCheck.claimedSite(new Envelope.MemberUnreachable(fromC, member("c2", "c")))).isEqualTo("c");
        assertThat(OriginCheck.claimedSite(new Envelope.MemberUnreachable(fromC, A2)))
                .as("only a site's own site master says one of its members is missing").isNull();
        assertThat(OriginCheck.claimedSite(new Envelope.Topology(new SiteView("c", 1, List.of(), List.of()),
                List.of("b")))).isEqualTo("c");
        assertThat(OriginCheck.claimedSite(new Envelope.SiteDown("c", List.of("b")))).isEqualTo("c");
    }

    @Test
    void aBridgeMemberSpeaksForItsSiteThisSiteAndTheSitesThisSiteReachesThroughIt() {
        assertThat(OriginCheck.fromBridge("b", "b", "a", A_FORWARDS)).isEmpty();
        assertThat(OriginCheck.fromBridge("c", "b", "a", A_FORWARDS)).as("b is a's gateway to c").isEmpty();
        assertThat(OriginCheck.fromBridge("x", "a", "a", A_FORWARDS)).as("a's own site masters").isEmpty();

        Optional<Rejection> rejected = Optional.of(Rejection.ORIGIN_NOT_SENDER_SITE);
        assertThat(OriginCheck.fromBridge("c", "evil", "a", A_FORWARDS)).isEqualTo(rejected);
        assertThat(OriginCheck.fromBridge("b", "c", "a", A_FORWARDS)).as("not the other way round").isEqualTo(rejected);
        assertThat(OriginCheck.fromBridge("d", "b", "a", A_FORWARDS)).as("no rule sends d through b")
                .isEqualTo(rejected);
        assertThat(OriginCheck.fromBridge("c", null, "a", A_FORWARDS)).as("a sender without a site")
                .isEqualTo(rejected);
        assertThat(OriginCheck.fromBridge((String) null, "c", "a", A_FORWARDS)).isEqualTo(rejected);
    }

    @Test
    void aLocalMemberSpeaksForItsSiteOnlyAndSiteMastersForAnySite() {
        Envelope.Data fromC = new Envelope.Data(Route.from(C1, new Destination.Member(A1)), 1, 1, 1,
                AppPayload.message(new byte[0]));
        Envelope.Data fromA2 = new Envelope.Data(Route.from(A2, new Destination.Member(C1)), 1, 1, 1,
                AppPayload.message(new byte[0]));
        Envelope.Topology view = new Envelope.Topology(new SiteView("c", 1, List.of(), List.of()), List.of());
        Envelope.SiteDown down = new Envelope.SiteDown("c", List.of());

        assertThat(OriginCheck.fromLocal(fromA2, A2, false, "a")).isEmpty();
        assertThat(OriginCheck.fromLocal(fromC, A2, false, "a")).contains(Rejection.ORIGIN_NOT_LOCAL);
        assertThat(OriginCheck.fromLocal(view, A2, false, "a")).contains(Rejection.NOT_SITE_MASTER);
        assertThat(OriginCheck.fromLocal(down, A2, false, "a")).contains(Rejection.NOT_SITE_MASTER);
        assertThat(OriginCheck.fromLocal(new Envelope.Hello(A2, "127.0.0.1:1"), A2, false, "a")).isEmpty();
        assertThat(OriginCheck.fromLocal(new Envelope.Hello(A1, "127.0.0.1:1"), A2, false, "a"))
                .contains(Rejection.ORIGIN_NOT_LOCAL);

        for (Envelope handedOn : List.of(fromC, view, down)) {
            assertThat(OriginCheck.fromLocal(handedOn, A1, true, "a")).as("%s from a site master", handedOn.kind())
                    .isEmpty();
        }
        assertThat(OriginCheck.routedFromLocal(C1, true, "a")).isEmpty();
        assertThat(OriginCheck.routedFromLocal(C1, false, "a")).contains(Rejection.ORIGIN_NOT_LOCAL);
    }

    private static UuidAddress member(String name, String site) {
        return UuidAddress.siteUuid(UUID.randomUUID(), name, site, 0);
    }
}
