package io.xsite.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Reply.Outcome;
import io.xsite.core.delivery.Message;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Outcomes of requests, driven by hand: responses, view changes and a fake clock. */
class RequestCorrelatorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final FakeClock clock = new FakeClock();
    private final RequestCorrelator correlator = new RequestCorrelator(clock);
    private final UuidAddress self = member("self");
    private final UuidAddress b = member("b");
    private final UuidAddress c = member("c");
    private final UuidAddress d = member("d");
    private final List<String> sent = new ArrayList<>();

    private static UuidAddress member(String name) {
        return UuidAddress.siteUuid(UUID.nameUUIDFromBytes(name.getBytes()), name, null, 0);
    }

    private Message response(UuidAddress from, String text) {
        return Message.of(from, self, text.getBytes());
    }

    private CompletableFuture<Replies> requestTo(List<UuidAddress> targets, Set<UuidAddress> unreachable) {
        return correlator.request(targets, TIMEOUT, (target, id) -> {
            sent.add(target.name() + "#" + id);
            return !unreachable.contains(target);
        });
    }

    @Test
    void completesWhenEveryTargetReplied() {
        CompletableFuture<Replies> future = requestTo(List.of(b, c), Set.of());
        assertThat(sent).containsExactly("b#1", "c#1");

        assertThat(correlator.onResponse(b, 1, response(b, "from b"))).isTrue();
        assertThat(future).isNotDone();
        assertThat(correlator.onResponse(c, 1, response(c, "from c"))).isTrue();

        Replies replies = future.join();
        assertThat(replies.allReplied()).isTrue();
        assertThat(replies.byTarget().keySet()).containsExactly(b, c);
        assertThat(replies.responses()).containsExactly(response(b, "from b"), response(c, "from c"));
        assertThat(correlator.pending()).isZero();
    }

    @Test
    void aSilentTargetTimesOutOnTheFirstTickAfterTheDeadline() {
        CompletableFuture<Replies> future = requestTo(List.of(b, c), Set.of());
        correlator.onResponse(b, 1, response(b, "ok"));

        clock.advance(TIMEOUT.minusMillis(1));
        correlator.onTick();
        assertThat(future).isNotDone();
        clock.advance(Duration.ofMillis(1));
        correlator.onTick();

        Replies replies = future.join();
        assertThat(replies.get(b).outcome()).isEqualTo(Outcome.REPLIED);
        assertThat(replies.get(c)).isEqualTo(new Reply(c, Outcome.TIMED_OUT, null));
        assertThat(correlator.pending()).isZero();
    }

    @Test
    void aTargetThatLeavesTheViewIsMarkedLeft() {
        CompletableFuture<Replies> future = requestTo(List.of(b, c, d), Set.of());
        correlator.onResponse(d, 1, response(d, "ok"));

        correlator.onViewChange(List.of(self, b, d));
        assertThat(future).isNotDone();
        correlator.onResponse(b, 1, response(b, "ok"));

        Replies replies = future.join();
        assertThat(replies.byTarget().values()).extracting(Reply::outcome)
                .containsExactly(Outcome.REPLIED, Outcome.LEFT, Outcome.REPLIED);
    }

    @Test
    void aRefusedSendMakesTheTargetUnreachable() {
        CompletableFuture<Replies> future = requestTo(List.of(b, c), Set.of(c));
        correlator.onResponse(b, 1, response(b, "ok"));

        Replies replies = future.join();
        assertThat(replies.get(c)).isEqualTo(new Reply(c, Outcome.UNREACHABLE, null));

        CompletableFuture<Replies> noneReachable = requestTo(List.of(b, c), Set.of(b, c));
        assertThat(noneReachable).isDone();
        assertThat(noneReachable.join().byTarget().values()).extracting(Reply::outcome)
                .containsOnly(Outcome.UNREACHABLE);
    }

    @Test
    void lateDuplicateAndForeignResponsesAreIgnored() {
        CompletableFuture<Replies> first = requestTo(List.of(b), Set.of());
        CompletableFuture<Replies> second = requestTo(List.of(b, c), Set.of());

        assertThat(correlator.onResponse(d, 2, response(d, "not a target"))).isFalse();
        assertThat(correlator.onResponse(b, 2, response(b, "first answer"))).isTrue();
        assertThat(correlator.onResponse(b, 2, response(b, "second answer"))).isFalse();
        assertThat(correlator.onResponse(b, 1, response(b, "for request 1"))).isTrue();
        assertThat(correlator.onResponse(b, 1, response(b, "late, after completion"))).isFalse();
        assertThat(correlator.onResponse(b, 42, response(b, "unknown id"))).isFalse();

        assertThat(first.join().get(b).response()).isEqualTo(response(b, "for request 1"));
        correlator.onResponse(c, 2, response(c, "c"));
        assertThat(second.join().get(b).response()).isEqualTo(response(b, "first answer"));
        assertThat(second.join().byTarget()).doesNotContainKey(d);
    }

    @Test
    void aResponseDuringTheSendIsMatched() {
        CompletableFuture<Replies> toSelf = correlator.request(List.of(self), TIMEOUT,
                (target, id) -> correlator.onResponse(target, id, response(self, "local")));

        assertThat(toSelf.join().allReplied()).isTrue();
    }

    @Test
    void anEmptyRequestCompletesAtOnceAndACancelledOneIsForgotten() {
        assertThat(requestTo(List.of(), Set.of()).join().byTarget()).isEmpty();

        CompletableFuture<Replies> cancelled = requestTo(List.of(b), Set.of());
        cancelled.cancel(false);
        correlator.onTick();
        assertThat(correlator.pending()).isZero();
    }
}
