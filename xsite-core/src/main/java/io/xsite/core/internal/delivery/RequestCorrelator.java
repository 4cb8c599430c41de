package io.xsite.core.internal.delivery;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Reply.Outcome;
import io.xsite.core.delivery.Message;
import io.xsite.core.delivery.Replies;
import io.xsite.core.delivery.Reply;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Matches responses to requests and decides, for every target of a request, how it ended: replied,
 * left the view, timed out or unreachable. A request completes as soon as every target has an outcome.
 *
 * <p>A plain state machine confined to the member's executor: no threads, no locks; time comes from
 * the injected nanosecond clock and timeouts are applied in {@link #onTick()}. Futures are completed
 * on that executor, inside these methods: callers that run application code on completion attach it
 * with an {@code ...Async} method and the application executor.
 *
 * <p>Request ids count up from 1 per correlator; a response is matched by its id <em>and</em> its
 * sender, so a response from a member that was not a target, a second response, or one arriving after
 * the request completed is ignored.
 */
public final class RequestCorrelator {
    private final LongSupplier nanoClock;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private long nextId = 1;

    /** Sends the request with the given id to one target; the member wires it to its delivery. */
    @FunctionalInterface
    public interface RequestSender {
        /**
         * Sends request {@code requestId} to {@code target}.
         *
         * @return false when it could not be sent (not in the view, window full): the target is then
         *         {@link Outcome#UNREACHABLE}
         */
        boolean send(UuidAddress target, long requestId);
    }

    /** Creates a correlator reading time from {@code nanoClock} (a {@code System::nanoTime} source). */
    public RequestCorrelator(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Registers a request to {@code targets} (duplicates count once), then sends it to each through
     * {@code sender}. The request is registered before the first send, so a response handled during
     * {@code sender} (a request to this member itself) is matched.
     *
     * @param timeout how long targets have to answer; positive
     * @return completes with one reply per target once every target has an outcome; at once if
     *         {@code targets} is empty or no target could be reached
     */
    public CompletableFuture<Replies> request(Collection<UuidAddress> targets, Duration timeout,
                                              RequestSender sender) {
        Objects.requireNonNull(sender, "sender");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive: " + timeout);
        }
        long id = nextId++;
        Pending request = new Pending(id, new LinkedHashSet<>(targets), nanoClock.getAsLong() + timeout.toNanos());
        pending.put(id, request);
        for (UuidAddress target : request.targets) {
            if (!sender.send(target, id)) {
                request.settle(target, Outcome.UNREACHABLE, null);
            }
        }
        completeIfSettled(request);
        return request.future;
    }

    /**
     * Takes the response of {@code from} to request {@code requestId}.
     *
     * @return false when it was ignored: unknown or completed request, {@code from} not a target, or
     *         {@code from} already has an outcome
     */
    public boolean onResponse(UuidAddress from, long requestId, Message response) {
        Objects.requireNonNull(response, "response");
        Pending request = pending.get(requestId);
        if (request == null || !request.settle(from, Outcome.REPLIED, response)) {
            return false;
        }
        completeIfSettled(request);
        return true;
    }

    /** Follows a new view: targets not in {@code members} that have not answered yet have {@link Outcome#LEFT}. */
    public void onViewChange(Collection<UuidAddress> members) {
        Set<UuidAddress> present = Set.copyOf(members);
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending request = it.next();
            for (UuidAddress target : request.targets) {
                if (!present.contains(target)) {
                    request.settle(target, Outcome.LEFT, null);
                }
            }
            if (request.complete()) {
                it.remove();
            }
        }
    }

    /** Periodic work: requests past their deadline complete, unanswered targets {@link Outcome#TIMED_OUT}. */
    public void onTick() {
        long now = nanoClock.getAsLong();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending request = it.next();
            if (now - request.deadline >= 0) {
                request.targets.forEach(target -> request.settle(target, Outcome.TIMED_OUT, null));
            }
            // A future the caller cancelled is also done: forget it.
            if (request.complete() || request.future.isDone()) {
                it.remove();
            }
        }
    }

    /** Requests still waiting for an outcome (for a gauge). */
    public int pending() {
        return pending.size();
    }

    private void completeIfSettled(Pending request) {
        if (request.complete()) {
            pending.remove(request.id);
        }
    }

    /** One outstanding request. */
    private static final class Pending {
        final long id;
        final Set<UuidAddress> targets;
        final long deadline;
        final Map<UuidAddress, Reply> replies = new LinkedHashMap<>();
        final CompletableFuture<Replies> future = new CompletableFuture<>();

        Pending(long id, Set<UuidAddress> targets, long deadline) {
            this.id = id;
            this.targets = targets;
            this.deadline = deadline;
        }

        /** Records the first outcome of {@code target}; false if it is no target or already settled. */
        boolean settle(UuidAddress target, Outcome outcome, Message response) {
            if (!targets.contains(target) || replies.containsKey(target)) {
                return false;
            }
            replies.put(target, new Reply(target, outcome, response));
            return true;
        }

        /** Completes the future when every target has an outcome; reports whether it did. */
        boolean complete() {
            if (replies.size() < targets.size()) {
                return false;
            }
            Map<UuidAddress, Reply> ordered = new LinkedHashMap<>();
            targets.forEach(target -> ordered.put(target, replies.get(target)));
            future.complete(new Replies(id, ordered));
            return true;
        }
    }
}
