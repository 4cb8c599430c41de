package io.xsite.grid.store;

import io.xsite.core.address.UuidAddress;
import io.xsite.grid.xsite.SiteLink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid's messages to and from other sites over its {@link SiteLink}: backups sent to a site's site master
 * and answered by request id, with a timeout of their own (a site that went down answers nothing). Confined to
 * the grid thread; what the link delivers is handed over to it.
 */
final class SiteExchange {
    private static final Logger log = LoggerFactory.getLogger(SiteExchange.class);

    private final SiteLink link;
    private final GridThread thread;
    private final String logName;
    private final Map<Long, CompletableFuture<Boolean>> pending = new HashMap<>();
    private long nextRequest;

    /**
     * @param onBackup receives the backups other sites send this member (when it is their site master)
     * @param onPush   receives the chunks of other sites' state transfers (likewise)
     */
    SiteExchange(SiteLink link, GridThread thread, String logName,
                 BiConsumer<UuidAddress, GridMessage.SiteBackup> onBackup,
                 BiConsumer<UuidAddress, GridMessage.SitePush> onPush) {
        this.link = link;
        this.thread = thread;
        this.logName = logName;
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
        return ask(site, id -> new GridMessage.SiteBackup(id, cache, entries), timeout);
    }

    /**
     * Sends a chunk of a state transfer ({@link GridMessage.SitePush}, its request id set here) to {@code site}'s
     * site master; completes with whether the site applied it, false as well when it did not answer in time.
     */
    CompletableFuture<Boolean> push(String site, LongFunction<GridMessage.SitePush> chunk, Duration timeout) {
        return ask(site, chunk::apply, timeout);
    }

    private CompletableFuture<Boolean> ask(String site, LongFunction<GridMessage> request, Duration timeout) {
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

    /** Answers another site's backup or state-transfer chunk. */
    void reply(UuidAddress to, long requestId, boolean applied) {
        link.send(to, GridCodec.encode(new GridMessage.SiteBackupReply(requestId, applied)));
    }

    /** Fails every backup waiting for an answer (the grid stops). */
    void close() {
        List.copyOf(pending.keySet()).forEach(id -> answer(id, false));
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
        } else {
            log.warn("[{}] grid message {} from {} is no message between sites; dropped", logName,
                    message.getClass().getSimpleName(), from);
        }
    }
}
