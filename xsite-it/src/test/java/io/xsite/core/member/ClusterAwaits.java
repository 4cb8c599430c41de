package io.xsite.core.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.membership.View;
import java.time.Duration;
import java.util.List;

/** Bounded waits for members to agree on a view; generous enough for a loaded two-core machine. */
final class ClusterAwaits {
    /** How long members may take to agree on a view after a change. */
    static final Duration CONVERGENCE = Duration.ofSeconds(20);

    private ClusterAwaits() {
    }

    /** Waits until every one of {@code members} has installed the same view, of exactly these members. */
    static View awaitOneView(List<Member> members) {
        return awaitView(members, members);
    }

    /** Waits until every one of {@code observers} has installed the same view, of exactly {@code expected}. */
    static View awaitView(List<Member> observers, List<Member> expected) {
        List<UuidAddress> addresses = expected.stream().map(Member::address).toList();
        await(observers.size() + " member(s) install one view of " + names(expected)).atMost(CONVERGENCE)
                .untilAsserted(() -> {
                    View view = observers.get(0).view();
                    assertThat(view).as("view of %s", observers.get(0).name()).isNotNull();
                    assertThat(view.members()).containsExactlyInAnyOrderElementsOf(addresses);
                    for (Member member : observers) {
                        assertThat(member.view()).as("view of %s", member.name()).isEqualTo(view);
                    }
                });
        return observers.get(0).view();
    }

    /** The member of {@code members} at {@code address}. */
    static Member at(List<Member> members, UuidAddress address) {
        return members.stream().filter(m -> m.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError(address + " is none of " + names(members)));
    }

    private static List<String> names(List<Member> members) {
        return members.stream().map(Member::name).toList();
    }
}
