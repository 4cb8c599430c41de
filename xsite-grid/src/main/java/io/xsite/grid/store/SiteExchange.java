package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.xsite.SiteLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
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
 *
 * <p>The backups asked for in one round of the grid thread leave as one message per site and cache (up to
 * {@link SiteBackups#BATCH_ENTRIES} entries or about {@link SiteBackups#BATCH_BYTES}), answered as one: under a
 * load of sync writes the primary's writes of a round (a read of the member's connections brings several) then
 * cost one message and one answer across the sites, and one visit of the other site's site master, instead of
 * one each.
 */
final class SiteExchange {
    private static final Logger log = LoggerFactory.getLogger(SiteExchange.class);

    private final SiteLink link;
    private final GridThread thread;
    private final String logName;
    /** Backups and push chunks waiting for their answer, with their timeout's timer. */
    private final Map<Long, Waiting> pending = new HashMap<>();
    private final Map<Long, CompletableFuture<GridMessage.Reply>> asked = new HashMap<>();
    private final BiConsumer<UuidAddress, GridMessage.Request> onRequest;
    /** The backups of this round, per site and cache, in the order asked. */
    private final Map<Route, Outgoing> outgoing = new LinkedHashMap<>();
    private boolean flushQueued;
    private long nextRequest;

    private record Route(String site, String cache) {
    }

    /**
     * An answer waited for, and the timer that gives up on it. The timer is cancelled with the answer: a batch
     * leaves every 10 ms per primary and site, and 10 s of spent timers in the grid thread's queue would make
     * every task it schedules slower.
     */
    private record Waiting(CompletableFuture<Boolean> applied, Future<?> timer) {
    }

    /** Entries to send to one site in one message, and the answer every asker of this round shares. */
    private static final class Outgoing {
        final List<Map.Entry<StoredKey, StoredEntry>> entries = new ArrayList<>();
        final CompletableFuture<Boolean> applied = new CompletableFuture<>();
        final Duration timeout;
        long bytes;

        Outgoing(Duration timeout) {
            this.timeout = timeout;
        }

        boolean fits(int count, long more) {
            return entries.size() + count <= SiteBackups.BATCH_ENTRIES && bytes + more <= SiteBackups.BATCH_BYTES;
        }
    }

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
     * Sends {@code entries} of {@code cache} to {@code site}'s site master, with the other backups of this round to
     * that site and cache; completes with whether the site applied the whole message, false as well when it did
     * not answer within {@code timeout} (the first of the round's).
     */
    CompletableFuture<Boolean> backup(String site, String cache, List<Map.Entry<StoredKey, StoredEntry>> entries,
                                      Duration timeout) {
        Route route = new Route(site, cache);
        long bytes = entries.stream().mapToLong(e -> SegmentStore.wireSize(e.getKey(), e.getValue())).sum();
        Outgoing batch = outgoing.get(route);
        if (batch != null && !batch.fits(entries.size(), bytes)) {
            send(route, outgoing.remove(route));
            batch = null;
        }
        if (batch == null) {
            batch = new Outgoing(timeout);
            outgoing.put(route, batch);
            if (!flushQueued) {
                flushQueued = true;
                thread.execute(this::flushBackups);
            }
        }
        batch.entries.addAll(entries);
        batch.bytes += bytes;
        return batch.applied;
    }

    private void flushBackups() {
        flushQueued = false;
        outgoing.forEach(this::send);
        outgoing.clear();
    }

    private void send(Route route, Outgoing batch) {
        List<Map.Entry<StoredKey, StoredEntry>> entries = List.copyOf(batch.entries);
        askApplied(route.site(), id -> new GridMessage.SiteBackup(id, route.cache(), entries), batch.timeout)
                .thenAccept(batch.applied::complete);
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
        pending.put(id, new Waiting(applied, thread.schedule(() -> answer(id, false), timeout.toMillis(),
                TimeUnit.MILLISECONDS)));
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
        outgoing.values().forEach(batch -> batch.applied.complete(false));
        outgoing.clear();
        List.copyOf(pending.keySet()).forEach(id -> answer(id, false));
        asked.values().forEach(reply -> reply.completeExceptionally(new IllegalStateException("the grid stopped")));
        asked.clear();
    }

    private void answer(long id, boolean applied) {
        Waiting waiting = pending.remove(id);
        if (waiting != null) {
            waiting.timer().cancel(false);
            waiting.applied().complete(applied);
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
