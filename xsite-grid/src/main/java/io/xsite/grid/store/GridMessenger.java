package io.xsite.grid.store;

import io.xsite.core.address.UuidAddress;
import io.xsite.core.delivery.Message;
import io.xsite.core.member.Member;
import io.xsite.core.membership.View;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid's messages over the member: plain sends marked with the {@link #HEADER} header, and requests
 * matched to their replies by id. The grid does not use the member's request handler, which is single and
 * belongs to the application (a relay node's probe takes it); a message listener is one of many, so the grid
 * coexists with the relay and the application by this header alone. Confined to the grid thread, except
 * {@link #onMessage}, which the member calls and which hands the message over.
 */
final class GridMessenger {
    /** The header that marks grid messages; other listeners of the member should ignore such messages. */
    static final String HEADER = "xsite-grid";
    private static final Map<String, String> HEADERS = Map.of(HEADER, "1");
    private static final Logger log = LoggerFactory.getLogger(GridMessenger.class);

    /** A request that got no reply: its target left, was unreachable or did not answer in time. */
    static final class NoReplyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoReplyException(String message) {
            super(message, null, false, false);
        }
    }

    private record Pending(UuidAddress target, CompletableFuture<GridMessage.Reply> reply, Future<?> timer) {
    }

    private final Member member;
    private final GridThread thread;
    private final BiConsumer<UuidAddress, GridMessage> receiver;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final String logName;
    private long nextRequestId;

    /** {@code receiver} gets every grid message that is not a reply, on the grid thread. */
    GridMessenger(Member member, GridThread thread, BiConsumer<UuidAddress, GridMessage> receiver) {
        this.member = member;
        this.thread = thread;
        this.receiver = receiver;
        this.logName = member.cluster() + "/" + member.name();
    }

    /** The member's listener: decodes a grid message and hands it to the grid thread. Any thread. */
    void onMessage(Message message) {
        if (!message.headers().containsKey(HEADER)) {
            return;
        }
        GridMessage decoded;
        try {
            decoded = GridCodec.decode(message.payload());
        } catch (IllegalArgumentException e) {
            log.debug("[{}] dropped a grid message from {}: {}", logName, message.sender(), e.getMessage());
            return;
        }
        thread.execute(() -> receive(message.sender(), decoded));
    }

    /** Sends {@code message}; a failure is only logged, since the sender learns of it from the view or a timeout. */
    void send(UuidAddress to, GridMessage message) {
        member.send(to, GridCodec.encode(message), HEADERS).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.debug("[{}] grid message to {} not sent: {}", logName, to, failure.toString());
            }
        });
    }

    /**
     * Sends the request {@code build} makes with a fresh id; the future completes on the grid thread with the
     * reply, or fails with {@link NoReplyException}.
     */
    CompletableFuture<GridMessage.Reply> request(UuidAddress to, LongFunction<GridMessage.Request> build,
                                                 Duration timeout) {
        thread.assertInThread();
        long id = ++nextRequestId;
        CompletableFuture<GridMessage.Reply> reply = new CompletableFuture<>();
        Future<?> timer = thread.schedule(() -> fail(id, "no reply from " + to + " within " + timeout),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(id, new Pending(to, reply, timer));
        member.send(to, GridCodec.encode(build.apply(id)), HEADERS).whenComplete((ok, failure) -> {
            if (failure != null) {
                thread.execute(() -> fail(id, "request to " + to + " not sent: " + failure.getMessage()));
            }
        });
        return reply;
    }

    /** Fails the requests to members that {@code view} no longer holds. */
    void onView(View view) {
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending request = it.next().getValue();
            if (!view.contains(request.target())) {
                it.remove();
                request.timer().cancel(false);
                request.reply().completeExceptionally(new NoReplyException(request.target() + " left the view"));
            }
        }
    }

    /** Fails every request still waiting (the grid stops). */
    void close() {
        pending.values().forEach(request -> {
            request.timer().cancel(false);
            request.reply().completeExceptionally(new NoReplyException("the grid stopped"));
        });
        pending.clear();
    }

    private void receive(UuidAddress from, GridMessage message) {
        if (message instanceof GridMessage.Reply reply) {
            Pending request = pending.remove(reply.requestId());
            if (request != null && request.target().equals(from)) {
                request.timer().cancel(false);
                request.reply().complete(reply);
            } else if (request != null) {
                pending.put(reply.requestId(), request);
            }
            return;
        }
        receiver.accept(from, message);
    }

    private void fail(long id, String why) {
        Pending request = pending.remove(id);
        if (request != null) {
            request.timer().cancel(false);
            request.reply().completeExceptionally(new NoReplyException(why));
        }
    }
}
