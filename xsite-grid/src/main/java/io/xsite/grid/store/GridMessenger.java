package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.member.Member;
import io.xsite.core.membership.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid's messages over the member: plain sends marked with the {@link #HEADER} header, and requests
 * matched to their replies by id. The grid does not use the member's request handler, which is single and
 * belongs to the application (a relay node's probe takes it); a message listener is one of many, so the grid
 * coexists with the relay and the application by this header alone. Confined to the grid thread, except
 * {@link #onMessage}, which the member calls and which hands the message over (unless the member calls back
 * on the grid thread itself).
 */
final class GridMessenger {
    /** The header that marks grid messages; other listeners of the member should ignore such messages. */
    static final String HEADER = "xsite-grid";
    private static final Map<String, String> HEADERS = Map.of(HEADER, "1");
    private static final Logger log = LoggerFactory.getLogger(GridMessenger.class);
    /** A batch is sent once it holds this many bytes; a chunk of a segment transfer travels alone. */
    private static final int BATCH_BYTES = 256 * 1024;
    private static final int LARGE_BYTES = 64 * 1024;
    /**
     * How often requests past their timeout are failed ({@link #expire}), and the operations past their deadline
     * ({@link OperationRouter#expire}), by one sweep for both: a timeout fires up to this late.
     */
    static final long SWEEP_MILLIS = 250;

    /** A request that got no reply: its target left, was unreachable or did not answer in time. */
    static final class NoReplyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoReplyException(String message) {
            super(message, null, false, false);
        }
    }

    /** A request waiting for its reply, failed by the sweep once past {@code deadlineNanos}. */
    private record Pending(UuidAddress target, CompletableFuture<GridMessage.Reply> reply, long deadlineNanos,
                           Duration timeout) {
    }

    private final Member member;
    private final GridThread thread;
    private final BiConsumer<UuidAddress, GridMessage> receiver;
    private final Map<Long, Pending> pending = new HashMap<>();
    /** Members of the view whose grid this one has heard from: their grid runs and takes requests. */
    private final Set<UuidAddress> heard = new HashSet<>();
    /** Members of the view whose grid said it stopped ({@link GridMessage.Stopped}), until it speaks again. */
    private final Set<UuidAddress> stopped = new HashSet<>();
    private final Map<UuidAddress, Outbox> outboxes = new LinkedHashMap<>();
    private boolean flushQueued;
    private final String logName;
    private long nextRequestId;

    /** {@code receiver} gets every grid message that is not a reply, on the grid thread. */
    GridMessenger(Member member, GridThread thread, BiConsumer<UuidAddress, GridMessage> receiver) {
        this.member = member;
        this.thread = thread;
        this.receiver = receiver;
        this.logName = member.cluster() + "/" + member.name();
    }

    /** The member's listener: decodes grid messages and hands them to the grid thread. Any thread. */
    void onMessage(Message message) {
        if (!message.headers().containsKey(HEADER)) {
            return;
        }
        List<GridMessage> decoded;
        try {
            decoded = GridCodec.decodeAll(message.payload());
        } catch (IllegalArgumentException e) {
            log.debug("[{}] dropped a grid message from {}: {}", logName, message.sender(), e.getMessage());
            return;
        }
        UuidAddress from = message.sender();
        if (thread.inThread()) {
            // The member calls back on the grid's own loop: a task of its own already, no hand-off needed.
            thread.runHere(() -> decoded.forEach(m -> receive(from, m)));
        } else {
            thread.execute(() -> decoded.forEach(m -> receive(from, m)));
        }
    }

    /** Sends {@code message}; a failure is only logged, since the sender learns of it from the view or a timeout. */
    void send(UuidAddress to, GridMessage message) {
        enqueue(to, GridCodec.encode(message), 0);
    }

    /**
     * Queues an encoded message for {@code to}. The messages queued in one round of the grid thread travel to
     * a member as one batch, in order: under load most of them are copies and answers to the same few members,
     * and one member message costs about as much as a small one however much it carries. A large message goes
     * alone, after the batch queued before it.
     */
    private void enqueue(UuidAddress to, byte[] encoded, long requestId) {
        Outbox outbox = outboxes.computeIfAbsent(to, t -> new Outbox());
        if (encoded.length > LARGE_BYTES) {
            flush(to, outbox);
            transmit(to, encoded, requestId == 0 ? List.of() : List.of(requestId));
            return;
        }
        outbox.add(encoded, requestId);
        if (outbox.bytes >= BATCH_BYTES || outbox.messages.size() >= GridCodec.MAX_BATCH) {
            flush(to, outbox);
        } else if (!flushQueued) {
            flushQueued = true;
            thread.execute(this::flushAll);
        }
    }

    private void flushAll() {
        flushQueued = false;
        outboxes.forEach(this::flush);
    }

    private void flush(UuidAddress to, Outbox outbox) {
        if (outbox.messages.isEmpty()) {
            return;
        }
        byte[] payload = outbox.messages.size() == 1 ? outbox.messages.get(0) : GridCodec.encodeBatch(outbox.messages);
        transmit(to, payload, List.copyOf(outbox.requestIds));
        outbox.clear();
    }

    private void transmit(UuidAddress to, byte[] payload, List<Long> requestIds) {
        member.send(to, payload, HEADERS).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.debug("[{}] grid message to {} not sent: {}", logName, to, failure.toString());
                if (!requestIds.isEmpty()) {
                    thread.execute(() -> requestIds.forEach(id -> fail(id, "request to " + to + " not sent: "
                            + failure.getMessage())));
                }
            }
        });
    }

    /** The messages queued for one member in this round. */
    private static final class Outbox {
        final List<byte[]> messages = new ArrayList<>();
        final List<Long> requestIds = new ArrayList<>();
        int bytes;

        void add(byte[] encoded, long requestId) {
            messages.add(encoded);
            bytes += encoded.length + 4;
            if (requestId != 0) {
                requestIds.add(requestId);
            }
        }

        void clear() {
            messages.clear();
            requestIds.clear();
            bytes = 0;
        }
    }

    /**
     * Sends the request {@code build} makes with a fresh id; the future completes on the grid thread with the
     * reply, or fails with {@link NoReplyException}.
     */
    CompletableFuture<GridMessage.Reply> request(UuidAddress to, LongFunction<GridMessage.Request> build,
                                                 Duration timeout) {
        thread.assertInThread();
        if (stopped.contains(to)) {
            return CompletableFuture.failedFuture(new NoReplyException("the grid of " + to + " stopped"));
        }
        long id = ++nextRequestId;
        CompletableFuture<GridMessage.Reply> reply = new CompletableFuture<>();
        pending.put(id, new Pending(to, reply, System.nanoTime() + timeout.toNanos(), timeout));
        enqueue(to, GridCodec.encode(build.apply(id)), id);
        return reply;
    }

    /**
     * Completes the request to {@code from} that {@code reply} answers, if it still waits: a reply that came
     * in a message of its own, or inside another one ({@link GridMessage.Copy#answers}).
     */
    void replied(UuidAddress from, GridMessage.Reply reply) {
        Pending request = pending.remove(reply.requestId());
        if (request != null && request.target().equals(from)) {
            request.reply().complete(reply);
        } else if (request != null) {
            pending.put(reply.requestId(), request);
        }
    }

    /** Whether the grid of {@code member} said it stopped (and has not spoken since): it answers nothing. */
    boolean stopped(UuidAddress member) {
        return stopped.contains(member);
    }

    /** Fails the requests to members that {@code view} no longer holds. */
    void onView(View view) {
        outboxes.keySet().removeIf(member -> !view.contains(member));
        heard.removeIf(member -> !view.contains(member));
        stopped.removeIf(member -> !view.contains(member));
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending request = it.next().getValue();
            if (!view.contains(request.target())) {
                it.remove();
                request.reply().completeExceptionally(new NoReplyException(request.target() + " left the view"));
            }
        }
    }

    /**
     * Tells {@code others} this grid stopped, sends what is queued (the answers the stop gave), and fails every
     * request still waiting. Without the notice a member that forwarded an operation here would wait for its
     * timeout, as long as this member stays in the view.
     */
    void close(List<UuidAddress> others) {
        others.forEach(member -> send(member, new GridMessage.Stopped()));
        flushAll();
        outboxes.clear();
        pending.values().forEach(request ->
                request.reply().completeExceptionally(new NoReplyException("the grid stopped")));
        pending.clear();
    }

    private void receive(UuidAddress from, GridMessage message) {
        boolean firstFromThere = heard.add(from);
        if (message instanceof GridMessage.Stopped) {
            stopped.add(from);
            failRequestsTo(from, "the grid of " + from + " stopped");
            return;
        }
        if (!stopped.isEmpty()) {
            stopped.remove(from); // it speaks again: its grid started anew
        }
        if (message instanceof GridMessage.Reply reply) {
            replied(from, reply);
        } else {
            receiver.accept(from, message);
        }
        if (firstFromThere) {
            failRequestsTo(from, "sent to " + from + " before its grid started");
        }
    }

    /**
     * A member's grid starts a little after the member joins the view, and a request that reached the member
     * before its grid listened is gone: it would only fail at its timeout, as long as the operation's own. So
     * once the member's grid speaks for the first time, what is still waiting for it fails at once and is
     * retried (operations, copies and fetches are idempotent at their target, so a request it did take costs
     * only a repeat). A grid that says it stopped is treated alike.
     */
    private void failRequestsTo(UuidAddress member, String why) {
        List<Long> waiting = pending.entrySet().stream().filter(e -> e.getValue().target().equals(member))
                .map(Map.Entry::getKey).toList();
        waiting.forEach(id -> fail(id, why));
    }

    private void fail(long id, String why) {
        Pending request = pending.remove(id);
        if (request != null) {
            request.reply().completeExceptionally(new NoReplyException(why));
        }
    }

    /**
     * Fails the requests past their timeout; run by the grid's one sweep of deadlines ({@link GridStore}). One sweep
     * for every request rather than a timer each: a timeout is a safety net (replies come by reliable delivery, or
     * the target leaves the view), and a timer per copy and per forwarded operation would cost the grid thread a
     * scheduled task, a queue insertion and a removal each.
     */
    void expire() {
        long now = System.nanoTime();
        // Collected first: failing a request runs its callbacks, which may send (and so add) requests.
        List<Map.Entry<Long, Pending>> late = pending.entrySet().stream()
                .filter(e -> now - e.getValue().deadlineNanos() >= 0).map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
        late.forEach(e -> fail(e.getKey(), "no reply from " + e.getValue().target() + " within "
                + e.getValue().timeout()));
    }
}
