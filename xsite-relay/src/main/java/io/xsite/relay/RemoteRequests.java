package io.xsite.relay;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Requests to members of other sites waiting for their replies: one outcome per target, completed by a
 * reply, by news that the target or its site is unreachable, or by the timeout. Relay thread only.
 */
final class RemoteRequests {
    private final ScheduledExecutorService thread;
    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextId = 1;

    RemoteRequests(ScheduledExecutorService thread) {
        this.thread = thread;
    }

    /** Starts a request to {@code targets}; the id goes into the request payload. */
    Started start(List<UuidAddress> targets, Duration timeout) {
        long id = nextId++;
        Pending request = new Pending(id, targets);
        if (targets.isEmpty()) {
            request.result.complete(new Replies(id, Map.of()));
            return new Started(id, request.result);
        }
        pending.put(id, request);
        request.timer = thread.schedule(() -> timedOut(id), timeout.toNanos(), TimeUnit.NANOSECONDS);
        return new Started(id, request.result);
    }

    /** The reply {@code response} from {@code from} to request {@code id}. */
    void onReply(long id, UuidAddress from, Message response) {
        Pending request = pending.get(id);
        if (request == null) {
            return;
        }
        UuidAddress target = request.outcomes.containsKey(from) ? from : UuidAddress.siteMaster(from.site());
        request.resolve(target, new Reply(target, Reply.Outcome.REPLIED,
                new Message(from, response.destination(), response.headers(), response.payload())));
        finishIfDone(request);
    }

    /** Every open target that {@code unreachable} matches gets the outcome UNREACHABLE now. */
    void unreachable(Predicate<UuidAddress> unreachable) {
        for (Pending request : List.copyOf(pending.values())) {
            request.outcomes.forEach((target, reply) -> {
                if (reply == null && unreachable.test(target)) {
                    request.outcomes.put(target, new Reply(target, Reply.Outcome.UNREACHABLE, null));
                }
            });
            finishIfDone(request);
        }
    }

    private void timedOut(long id) {
        Pending request = pending.remove(id);
        if (request != null) {
            request.outcomes.replaceAll((target, reply) ->
                    reply != null ? reply : new Reply(target, Reply.Outcome.TIMED_OUT, null));
            request.complete();
        }
    }

    private void finishIfDone(Pending request) {
        if (!request.outcomes.containsValue(null)) {
            pending.remove(request.id);
            request.timer.cancel(false);
            request.complete();
        }
    }

    /** A started request: its id and the replies to come. */
    record Started(long id, CompletableFuture<Replies> replies) {
    }

    private static final class Pending {
        final long id;
        final Map<UuidAddress, Reply> outcomes = new LinkedHashMap<>();
        final CompletableFuture<Replies> result = new CompletableFuture<>();
        ScheduledFuture<?> timer;

        Pending(long id, List<UuidAddress> targets) {
            this.id = id;
            targets.forEach(target -> outcomes.put(target, null));
        }

        void resolve(UuidAddress target, Reply reply) {
            if (outcomes.containsKey(target) && outcomes.get(target) == null) {
                outcomes.put(target, reply);
            }
        }

        void complete() {
            result.complete(new Replies(id, outcomes));
        }
    }
}
