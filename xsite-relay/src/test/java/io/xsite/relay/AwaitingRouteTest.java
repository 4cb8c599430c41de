package io.xsite.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.relay.reliability.Destination;
import io.xsite.relay.internal.routing.EncodedBody;
import io.xsite.relay.internal.routing.Envelope;
import io.xsite.relay.internal.routing.Route;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AwaitingRouteTest {
    private static final UuidAddress ALICE = UuidAddress.siteUuid(new UUID(1, 1), "a", "nyc", 0);

    @Test
    void releasesWhatWasHeldForTheSitesNowReachableInArrivalOrder() {
        AwaitingRoute awaiting = new AwaitingRoute();
        Envelope.Data first = data("sfc", 1);
        Envelope.Data second = data("sfc", 2);
        Envelope.Data toLon = data("lon", 1);
        assertThat(awaiting.hold("sfc", first)).isTrue();
        assertThat(awaiting.hold("lon", toLon)).isTrue();
        assertThat(awaiting.hold("sfc", second)).isTrue();
        assertThat(awaiting.release(Set.of("sfc"))).containsExactly(first, second);
        assertThat(awaiting.release(Set.of("sfc"))).isEmpty();
        assertThat(awaiting.release(Set.of("lon", "sfc"))).containsExactly(toLon);
    }

    @Test
    void holdsAtMostTheBoundAndRoomComesBackWhenReleasedOrCleared() {
        AwaitingRoute awaiting = new AwaitingRoute();
        for (int i = 1; i <= AwaitingRoute.MAX_HELD; i++) {
            assertThat(awaiting.hold("sfc", data("sfc", i))).isTrue();
        }
        assertThat(awaiting.hold("lon", data("lon", 1))).as("beyond the bound").isFalse();
        List<Envelope.Routed> released = awaiting.release(Set.of("sfc"));
        assertThat(released).hasSize(AwaitingRoute.MAX_HELD);
        assertThat(awaiting.hold("lon", data("lon", 1))).isTrue();
        awaiting.clear();
        assertThat(awaiting.release(Set.of("lon"))).isEmpty();
    }

    private static Envelope.Data data(String site, long seq) {
        return new Envelope.Data(new Route(ALICE, new Destination.Site(site), List.of()), 7, seq, 1, new EncodedBody(new byte[0]));
    }
}
