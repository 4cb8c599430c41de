package io.xsite.grid.store;

import io.xsite.core.address.UuidAddress;
import io.xsite.grid.xsite.SiteLink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid's messages to and from other sites over its {@link SiteLink}: backups sent to a site's site master
 * and answered by request id, with a timeout of their own (a site that went down answers nothing), and
 * {@link GridMessage.Request requests} of other kinds asked of a site the same way ({@link #ask}). Confined to
 * the grid thread; what the link delivers is handed over to it.
 */
final class SiteExchange {
    private static final Logger log = LoggerFactory.getLogger(SiteExchange.class);

    private final SiteLink link;
    private final GridThread thread;
    private final String logName;
    private final Map<Long, CompletableFuture<Boolean>> pending = new HashMap<>();
    private final Map<Long, CompletableFuture<GridMessage.Reply>> asked = new HashMap<>();
    private final BiConsumer<UuidAddress, GridMessage.Request> onRequest;
    private long nextRequest;

    /**
     * @param onBackup  receives the backups other sites send this member (when it is their site master)
     * @param onPush    receives the chunks of other sites' state transfers (likewise)
     * @param onRequest receives the other requests other sites send this member; it answers with
     *                  {@link #reply(UuidAddress, GridMessage.Reply)}
     */
    SiteExchange(SiteLink link, GridThread thread, String logName,
                 BiConsumer<UuidAddress, GridMessage.SiteBackup> onBackup,
                 BiConsumer<UuidAddress, GridMessage.SitePush> onPush,
                 BiConsumer<UuidAddress, GridMessage.Request> onRequest) {
        this.link = link;
        this.thread = thread;
        this.logName = logName;
        this.onRequest = onRequest;
        link.onReceive((from, payload) -> thread.execute(() -> receive(from, payload, onBackup, onPush)));
    }

    /** This member's site. */
    String site() {
        return link.site();
    }

    /**
     * Sends {@code entries} of {@code cache} to {@code site}'s site master; completes with whether the site
     * applied them all, false as well when it did not answer within {@code timeout}.
     */
    CompletableFuture<Boolean> backup(String site, String cache, List<Map.Entry<StoredKey, StoredEntry>> entries,
                                      Duration timeout) {
        return askApplied(site, id -> new GridMessage.SiteBackup(id, cache, entries), timeout);
    }

    /**
     * Sends a chunk of a state transfer ({@link GridMessage.SitePush}, its request id set here) to {@code site}'s
     * site master; completes with whether the site applied it, false as well when it did not answer in time.
     */
    CompletableFuture<Boolean> push(String site, LongFunction<GridMessage.SitePush> chunk, Duration timeout) {
        return askApplied(site, chunk::apply, timeout);
    }

    private CompletableFuture<Boolean> askApplied(String site, LongFunction<GridMessage> request, Duration timeout) {
        long id = ++nextRequest;
        CompletableFuture<Boolean> applied = new CompletableFuture<>();
        pending.put(id, applied);
        thread.schedule(() -> answer(id, false), timeout.toMillis(), TimeUnit.MILLISECONDS);
        link.send(UuidAddress.siteMaster(site), GridCodec.encode(request.apply(id)))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        thread.execute(() -> answer(id, false));
                    }
                });
        return applied;
    }

    /**
     * Sends the request {@code build} makes of a request id to {@code site}'s site master; completes with its
     * answer, or fails with a {@link TimeoutException} when none came within {@code timeout}
     * (the site is down, or its site master changed meanwhile), or with the link's failure.
     */
    CompletableFuture<GridMessage.Reply> ask(String site, LongFunction<GridMessage.Request> build,
                                             Duration timeout) {
        long id = ++nextRequest;
        CompletableFuture<GridMessage.Reply> reply = new CompletableFuture<>();
        asked.put(id, reply);
        thread.schedule(() -> {
            CompletableFuture<GridMessage.Reply> late = asked.remove(id);
            if (late != null) {
                late.completeExceptionally(new TimeoutException("site " + site
                        + " did not answer within " + timeout));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        link.send(UuidAddress.siteMaster(site), GridCodec.encode(build.apply(id))).whenComplete((ok, failure) -> {
            if (failure != null) {
                thread.execute(() -> {
                    CompletableFuture<GridMessage.Reply> failed = asked.remove(id);
                    if (failed != null) {
                        failed.completeExceptionally(failure);
                    }
                });
            }
        });
        return reply;
    }

    /** Answers a request another site's member sent with {@link #ask}. */
    void reply(UuidAddress to, GridMessage.Reply reply) {
        link.send(to, GridCodec.encode(reply));
    }

    /** Answers another site's backup or state-transfer chunk. */
    void reply(UuidAddress to, long requestId, boolean applied) {
        link.send(to, GridCodec.encode(new GridMessage.SiteBackupReply(requestId, applied)));
    }

    /** Fails every backup waiting for an answer (the grid stops). */
    void close() {
        List.copyOf(pending.keySet()).forEach(id -> answer(id, false));
        asked.values().forEach(reply -> reply.completeExceptionally(new IllegalStateException("the grid stopped")));
        asked.clear();
    }

    private void answer(long id, boolean applied) {
        CompletableFuture<Boolean> waiting = pending.remove(id);
        if (waiting != null) {
            waiting.complete(applied);
        }
    }

    private void receive(UuidAddress from, byte[] payload, BiConsumer<UuidAddress, GridMessage.SiteBackup> onBackup,
                         BiConsumer<UuidAddress, GridMessage.SitePush> onPush) {
        GridMessage message;
        try {
            message = GridCodec.decode(payload);
        } catch (IllegalArgumentException e) {
            log.warn("[{}] grid payload from {} dropped: {}", logName, from, e.getMessage());
            return;
        }
        if (message instanceof GridMessage.SiteBackupReply reply) {
            answer(reply.requestId(), reply.applied());
        } else if (message instanceof GridMessage.SiteBackup backup) {
            onBackup.accept(from, backup);
        } else if (message instanceof GridMessage.SitePush push) {
            onPush.accept(from, push);
        } else if (message instanceof GridMessage.Reply reply) {
            CompletableFuture<GridMessage.Reply> waiting = asked.remove(reply.requestId());
            if (waiting != null) {
                waiting.complete(reply);
            }
        } else if (message instanceof GridMessage.Request request) {
            onRequest.accept(from, request);
        } else {
            log.warn("[{}] grid message {} from {} is no message between sites; dropped", logName,
                    message.getClass().getSimpleName(), from);
        }
    }
}
