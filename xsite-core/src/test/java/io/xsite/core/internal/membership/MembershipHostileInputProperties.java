package io.xsite.core.internal.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorAnswer;
import io.xsite.core.internal.membership.MembershipMessage.CoordinatorQuery;
import io.xsite.core.internal.membership.MembershipMessage.Heartbeat;
import io.xsite.core.internal.membership.MembershipMessage.JoinRejection;
import io.xsite.core.internal.membership.MembershipMessage.JoinRequest;
import io.xsite.core.internal.membership.MembershipMessage.JoinResponse;
import io.xsite.core.internal.membership.MembershipMessage.LeaveRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeRequest;
import io.xsite.core.internal.membership.MembershipMessage.MergeResponse;
import io.xsite.core.internal.membership.MembershipMessage.VerifyRequest;
import io.xsite.core.internal.membership.MembershipMessage.VerifyResponse;
import io.xsite.core.internal.membership.MembershipMessage.ViewAck;
import io.xsite.core.internal.membership.MembershipMessage.ViewAnnouncement;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.membership.View;
import io.xsite.core.membership.ViewId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Strangers (addresses outside the view, never found by discovery) send a member any sequence of
 * membership messages with extreme view ids: nothing throws, at once or from a later tick, views only
 * move forward, unless a stranger asks to join the member's view never changes, and a joiner takes no
 * first view from them.
 */
class MembershipHostileInputProperties {
    private static final MembershipConfig CONFIG = MembershipConfig.loopback();
    private static final Duration TICK = Duration.ofMillis(50);
    /** Past the suspect and verify timeouts: whatever a stranger started has run its course by then. */
    private static final Duration AFTERWARDS = Duration.ofSeconds(5);
    private static final UuidAddress SELF = member("self");
    private static final List<UuidAddress> STRANGERS = List.of(member("s1"), member("s2"), member("s3"));

    /** One message a stranger sends. */
    record Sent(UuidAddress from, MembershipMessage message) {
    }

    @Property(tries = 300)
    void strangersNeverMakeTheMemberThrowAndViewsOnlyMoveForward(@ForAll("attacks") List<Sent> attack) {
        Alone member = new Alone();

        member.receive(attack);

        View previous = null;
        for (View view : member.installed) {
            assertThat(view.id().isNewerThan(previous == null ? null : previous.id())).as("%s after %s", view, previous)
                    .isTrue();
            previous = view;
        }
    }

    @Property(tries = 300)
    void strangersThatDoNotJoinNeverChangeTheView(@ForAll("attacks") List<Sent> attack) {
        Alone member = new Alone();
        View before = member.membership.view();

        member.receive(attack.stream().filter(s -> !(s.message() instanceof JoinRequest)).toList());

        assertThat(member.membership.view()).isEqualTo(before);
        assertThat(member.installed).containsExactly(before);
    }

    @Property(tries = 200)
    void aJoinerTakesNoFirstViewFromAStrangerItDidNotAsk(@ForAll("attacks") List<Sent> attack) {
        Alone member = new Alone(false);

        for (Sent sent : attack) {
            member.membership.onMessage(sent.from(), sent.message());
        }

        assertThat(member.installed).isEmpty();
        assertThat(member.membership.view()).isNull();
    }

    @Provide
    Arbitrary<List<Sent>> attacks() {
        Arbitrary<UuidAddress> senders = Arbitraries.of(STRANGERS);
        return Combinators.combine(senders, messages()).as(Sent::new).list().ofMaxSize(40);
    }

    private static Arbitrary<MembershipMessage> messages() {
        Arbitrary<View> views = views();
        Arbitrary<ViewId> ids = viewIds();
        return Arbitraries.oneOf(
                Arbitraries.of(new CoordinatorQuery(true), new CoordinatorQuery(false), new JoinRequest(),
                        new LeaveRequest(), new Heartbeat(), new VerifyRequest(), new VerifyResponse()),
                views.injectNull(0.2).map(CoordinatorAnswer::new),
                views.injectNull(0.2).map(MergeResponse::new),
                views.map(JoinResponse::new),
                views.map(ViewAnnouncement::new),
                addresses().injectNull(0.2).map(JoinRejection::new),
                ids.map(ViewAck::new),
                ids.map(MergeRequest::new));
    }

    /** Sequences a decoder lets through, the extremes included. */
    private static Arbitrary<ViewId> viewIds() {
        Arbitrary<Long> sequences = Arbitraries.oneOf(Arbitraries.longs().between(1, ViewId.MAX_RECEIVED_SEQUENCE),
                Arbitraries.of(1L, 2L, 1_000_000_000_000_000L, ViewId.MAX_RECEIVED_SEQUENCE - 1,
                        ViewId.MAX_RECEIVED_SEQUENCE));
        return Combinators.combine(addresses(), sequences).as(ViewId::new);
    }

    private static Arbitrary<View> views() {
        return Combinators.combine(viewIds(), addresses().list().uniqueElements().ofMinSize(1).ofMaxSize(4))
                .as((id, members) -> new View(id, members));
    }

    private static Arbitrary<UuidAddress> addresses() {
        List<UuidAddress> all = new ArrayList<>(STRANGERS);
        all.add(SELF);
        return Arbitraries.of(all);
    }

    private static UuidAddress member(String name) {
        return UuidAddress.siteUuid(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                name, null, 0);
    }

    /** A member alone in its view, whose discovery finds nobody; it takes messages and ticks. */
    private static final class Alone implements MembershipOutput {
        final List<View> installed = new ArrayList<>();
        final Membership membership;
        private long now = new Random(7).nextLong();
        private boolean discoveryAsked;

        Alone() {
            this(true);
        }

        /** Started; in its own view when {@code settled}, else still joining (no tick has run). */
        Alone(boolean settled) {
            membership = new Membership(CONFIG, "hostile", SELF, this, () -> now, new Random(7));
            membership.start();
            for (int i = 0; settled && i < 200 && membership.view() == null; i++) {
                tick();
            }
            assertThat(membership.view() != null).as("alone in a view").isEqualTo(settled);
        }

        void receive(List<Sent> attack) {
            for (Sent sent : attack) {
                membership.onMessage(sent.from(), sent.message());
                tick();
            }
            for (long waited = 0; waited < AFTERWARDS.toNanos(); waited += TICK.toNanos()) {
                tick();
            }
        }

        private void tick() {
            now += TICK.toNanos();
            membership.onTick();
            if (discoveryAsked) {
                discoveryAsked = false;
                membership.onDiscovered(List.of(SELF));
            }
        }

        @Override
        public void send(UuidAddress to, MembershipMessage message) {
            // Strangers do not answer.
        }

        @Override
        public void installView(View view) {
            installed.add(view);
        }

        @Override
        public void discover() {
            discoveryAsked = true;
        }

        @Override
        public void left() {
        }

        @Override
        public void dropped(UuidAddress from, MembershipDrop reason) {
        }
    }
}
