package io.xsite.grid.store;

import io.xsite.wire.address.UuidAddress;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import io.xsite.grid.ScanPage;
import io.xsite.grid.store.GridMessage.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Takes client operations at the member that accepted them to the key's primary: at once when that is this
 * member, else as a request. An operation the primary cannot take (it is no longer primary, or left, or did
 * not answer) is tried again at the primary of the view installed meanwhile, with the same write id, until
 * {@link StoreSettings#operationTimeout()}. An operation whose primary's grid said it stopped fails at once (it
 * answers nothing until its member leaves the view, often seconds), and so does every operation still open when
 * this grid stops. Confined to the grid thread.
 */
final class OperationRouter {
    private static final String STOPPED = "the grid of this member stopped";
    /** Most bytes of keys and values in one {@link GridMessage.PutAll}: its copies must fit a member message. */
    static final int PUT_ALL_BYTES = 512 * 1024;

    private final UuidAddress self;
    private final GridThread thread;
    private final GridMessenger messenger;
    private final StoreSettings settings;
    private final GridMetrics metrics;
    private final BooleanSupplier writable;
    /**
     * The operations not answered yet that no request to another member stands for, with their deadline and how
     * each fails: those waiting here (at this member as their primary, or for a retry). An operation waiting for
     * its forwarded request's reply is not here: that request times out at the operation's deadline (the
     * messenger's sweep), and its retry finds the deadline passed.
     */
    private final Map<CompletableFuture<?>, Open> open = new LinkedHashMap<>();
    private boolean closed;
    private long nextWrite;

    OperationRouter(UuidAddress self, GridThread thread, GridMessenger messenger, StoreSettings settings,
                    GridMetrics metrics, BooleanSupplier writable) {
        this.self = self;
        this.thread = thread;
        this.messenger = messenger;
        this.settings = settings;
        this.metrics = metrics;
        this.writable = writable;
    }

    /** An operation waiting for its answer, failed with {@code fail} once past {@code deadlineNanos}. */
    private record Open(long deadlineNanos, Consumer<String> fail) {
    }

    /** Runs a read ({@code write} null) or a write of {@code key}; completes with the primary's answer. */
    void operate(CacheReplica cache, StoredKey key, GridWrite write, String operation, CompletableFuture<Answer> result) {
        if (closed) {
            result.complete(new Answer.Failed(GridException.Reason.UNAVAILABLE, STOPPED));
            return;
        }
        OperationId id = write == null ? null : new OperationId(self.msb(), self.lsb(), ++nextWrite);
        long started = System.nanoTime();
        result.whenComplete((answer, failure) -> metrics.operation(cache.name(), operation, outcome(answer, failure),
                System.nanoTime() - started));
        attempt(cache, key, id, write, result, started);
    }

    /** The number of values of {@code cache} across the site: each member counts the segments it is primary of. */
    void count(CacheReplica cache, List<UuidAddress> members, CompletableFuture<Long> result) {
        long started = System.nanoTime();
        result.whenComplete((n, failure) -> metrics.operation(cache.name(), "size", failure == null ? "ok" : "error",
                System.nanoTime() - started));
        if (closed) {
            result.completeExceptionally(new GridException(GridException.Reason.UNAVAILABLE, STOPPED));
            return;
        }
        if (!writable.getAsBoolean()) {
            result.completeExceptionally(clusterDown());
            return;
        }
        List<CompletableFuture<Long>> parts = new ArrayList<>();
        parts.add(CompletableFuture.completedFuture(cache.primaryValues()));
        for (UuidAddress m : members) {
            if (!m.equals(self)) {
                parts.add(messenger.request(m, id -> new GridMessage.Count(id, cache.name()), settings.requestTimeout())
                        .thenApply(reply -> ((GridMessage.CountReply) reply).count()));
            }
        }
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            if (failure != null) {
                result.completeExceptionally(new GridException(GridException.Reason.UNAVAILABLE,
                        "a member did not answer the count: " + failure.getMessage()));
            } else {
                result.complete(parts.stream().mapToLong(CompletableFuture::join).sum());
            }
        });
    }

    /**
     * One page of a scan. The cursor is the segment in its upper 32 bits and a key position within the segment
     * in the lower ones; pages collect segment after segment until {@code count} keys.
     */
    void scan(CacheReplica cache, int segments, long cursor, int count, CompletableFuture<ScanPage> result) {
        long started = System.nanoTime();
        result.whenComplete((page, failure) -> metrics.operation(cache.name(), "scan", failure == null ? "ok" : "error",
                System.nanoTime() - started));
        if (closed) {
            result.completeExceptionally(new GridException(GridException.Reason.UNAVAILABLE, STOPPED));
            return;
        }
        expireAt(result, started, why -> result.completeExceptionally(new GridException(
                GridException.Reason.UNAVAILABLE, why)));
        int segment = (int) (cursor >>> 32);
        if (segment < 0 || segment >= segments) {
            result.complete(new ScanPage(0, List.of()));
            return;
        }
        scanFrom(cache, segments, segment, cursor & 0xFFFFFFFFL, Math.max(1, count), new ArrayList<>(), result);
    }

    private void scanFrom(CacheReplica cache, int segments, int segment, long position, int count, List<byte[]> keys,
                          CompletableFuture<ScanPage> result) {
        if (result.isDone()) {
            return;
        }
        if (!writable.getAsBoolean()) {
            result.completeExceptionally(clusterDown());
            return;
        }
        UuidAddress primary = cache.primaryOf(segment);
        Consumer<GridMessage.ScanReply> onPage = page -> {
            if (page.retry()) {
                later(() -> scanFrom(cache, segments, segment, position, count, keys, result));
                return;
            }
            keys.addAll(page.keys());
            int next = page.nextPosition() < 0 ? segment + 1 : segment;
            long nextPosition = page.nextPosition() < 0 ? 0 : page.nextPosition();
            if (next >= segments) {
                result.complete(new ScanPage(0, keys));
            } else if (keys.size() >= count) {
                result.complete(new ScanPage(((long) next << 32) | nextPosition, keys));
            } else {
                scanFrom(cache, segments, next, nextPosition, count, keys, result);
            }
        };
        GridMessage.Scan request = new GridMessage.Scan(0, cache.name(), segment, position, count - keys.size());
        if (self.equals(primary)) {
            cache.scan(request, onPage);
            return;
        }
        messenger.request(primary, id -> new GridMessage.Scan(id, cache.name(), segment, position,
                count - keys.size()), settings.requestTimeout()).whenComplete((reply, failure) -> {
                    if (failure != null) {
                        later(() -> scanFrom(cache, segments, segment, position, count, keys, result));
                    } else {
                        onPage.accept((GridMessage.ScanReply) reply);
                    }
                });
    }

    private void attempt(CacheReplica cache, StoredKey key, OperationId id, GridWrite write,
                         CompletableFuture<Answer> result, long started) {
        long deadline = started + settings.operationTimeout().toNanos();
        if (!mayStart(result, deadline)) {
            return;
        }
        Runnable again = () -> attempt(cache, key, id, write, result, started);
        toPrimary(cache.primaryOf(key), result, started,
                onAnswer -> cache.executeAsPrimary(key, id, write, deadline, null, onAnswer),
                rid -> new GridMessage.Operate(rid, cache.name(), key.bytes(), id, write, remainingMillis(deadline)),
                answer -> {
                    if (answer instanceof Answer.Retry) {
                        retry(result, started, again);
                    } else {
                        result.complete(answer);
                    }
                }, again);
    }

    /**
     * Whether an attempt of the operation of {@code result} may start: false when it is complete, or completed now
     * (past its deadline, or this member's side of the site is down).
     */
    private boolean mayStart(CompletableFuture<Answer> result, long deadlineNanos) {
        if (result.isDone()) {
            return false;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            result.complete(new Answer.Failed(GridException.Reason.UNAVAILABLE, timedOut()));
            return false;
        }
        if (!writable.getAsBoolean()) {
            result.complete(new Answer.Failed(GridException.Reason.CLUSTER_DOWN, clusterDown().getMessage()));
            return false;
        }
        return true;
    }

    /**
     * Stores {@code values} under {@code keys} unconditionally ({@code MSET}; a key appears once): the puts are
     * grouped by their key's primary, and each group goes there as one {@link GridMessage.PutAll} (in parts of at
     * most {@link GridCodec#MAX_PUTS} puts and {@link #PUT_ALL_BYTES} of keys and values), which its primary
     * applies, copies to each other owner as one message and answers once. Completes with the written answer once
     * every group was, or with the first failure. A group its primary cannot take is grouped again by the
     * primaries of the view installed meanwhile; each put keeps its write id, so one applied before is not
     * applied again.
     */
    void putAll(CacheReplica cache, List<StoredKey> keys, List<byte[]> values, CompletableFuture<Answer> result) {
        if (closed) {
            result.complete(new Answer.Failed(GridException.Reason.UNAVAILABLE, STOPPED));
            return;
        }
        long started = System.nanoTime();
        result.whenComplete((answer, failure) -> metrics.operation(cache.name(), "put_all", outcome(answer, failure),
                System.nanoTime() - started));
        List<Put> puts = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            puts.add(new Put(keys.get(i), new GridMessage.PutAll.Item(new OperationId(self.msb(), self.lsb(),
                    ++nextWrite), keys.get(i).bytes(), values.get(i))));
        }
        Parts parts = new Parts(result);
        route(cache, puts, parts, started);
        parts.done();
    }

    /** One put of {@link #putAll}: its key, hashed once, and the item that travels. */
    private record Put(StoredKey key, GridMessage.PutAll.Item item) {
    }

    /** The groups of a {@link #putAll} not answered yet; the put is written when none is left. */
    private static final class Parts {
        private final CompletableFuture<Answer> result;
        /** Groups not answered, plus one while groups are being sent, so that none answered at once completes early. */
        private int left = 1;

        Parts(CompletableFuture<Answer> result) {
            this.result = result;
        }

        void done() {
            if (--left == 0) {
                result.complete(new Answer.Written(CacheReplica.STORED));
            }
        }
    }

    /** Sends {@code puts} to their primaries in the current view, one group per primary (in parts). */
    private void route(CacheReplica cache, List<Put> puts, Parts parts, long started) {
        long deadline = started + settings.operationTimeout().toNanos();
        if (!mayStart(parts.result, deadline)) {
            return;
        }
        Map<UuidAddress, List<Put>> byPrimary = new LinkedHashMap<>();
        for (Put put : puts) {
            byPrimary.computeIfAbsent(cache.primaryOf(put.key()), p -> new ArrayList<>()).add(put);
        }
        byPrimary.forEach((primary, group) -> {
            for (List<Put> part : parts(group)) {
                List<GridMessage.PutAll.Item> items = part.stream().map(Put::item).toList();
                Runnable again = () -> {
                    route(cache, part, parts, started);
                    parts.done();
                };
                parts.left++;
                toPrimary(primary, parts.result, started,
                        onAnswer -> cache.putAllAsPrimary(items, deadline, null, onAnswer),
                        rid -> new GridMessage.PutAll(rid, cache.name(), items, remainingMillis(deadline)),
                        answer -> {
                            if (answer instanceof Answer.Retry) {
                                retry(parts.result, started, again);
                            } else if (answer instanceof Answer.Written) {
                                parts.done();
                            } else {
                                parts.result.complete(answer);
                            }
                        }, again);
            }
        });
    }

    /** A group cut into parts that each fit one message; a put too large to share one goes alone. */
    private static List<List<Put>> parts(List<Put> group) {
        List<List<Put>> parts = new ArrayList<>();
        List<Put> part = new ArrayList<>();
        long bytes = 0;
        for (Put put : group) {
            long size = (long) put.item().key().length + put.item().value().length;
            if (!part.isEmpty() && (part.size() == GridCodec.MAX_PUTS || bytes + size > PUT_ALL_BYTES)) {
                parts.add(part);
                part = new ArrayList<>();
                bytes = 0;
            }
            part.add(put);
            bytes += size;
        }
        parts.add(part);
        return parts;
    }

    /**
     * Runs an attempt of the operation of {@code result} at {@code primary}: here ({@code local}, given
     * {@code onAnswer}) when that is this member, else as the request {@code request} builds, whose reply's answer
     * goes to {@code onAnswer}. A request that got no reply runs {@code again} after the retry delay, unless the
     * primary's grid said it stopped, or this one did: then the operation fails at once. The request waits at most
     * until the operation's deadline, so the messenger's sweep keeps the deadline of an operation forwarded.
     */
    private void toPrimary(UuidAddress primary, CompletableFuture<Answer> result, long started,
                           Consumer<Consumer<Answer>> local, LongFunction<GridMessage.Request> request,
                           Consumer<Answer> onAnswer, Runnable again) {
        if (self.equals(primary)) {
            local.accept(onAnswer);
            if (!result.isDone()) {
                waitHere(result, started);
            }
            return;
        }
        long remaining = started + settings.operationTimeout().toNanos() - System.nanoTime();
        Duration timeout = Duration.ofNanos(Math.max(0, Math.min(settings.requestTimeout().toNanos(), remaining)));
        messenger.request(primary, request, timeout).whenComplete((reply, failure) -> {
            if (failure != null && closed) {
                onAnswer.accept(new Answer.Failed(GridException.Reason.UNAVAILABLE, STOPPED));
            } else if (failure != null && messenger.stopped(primary)) {
                onAnswer.accept(new Answer.Failed(GridException.Reason.UNAVAILABLE, "the grid of the key's "
                        + "primary " + primary + " stopped; try again once it left the view"));
            } else if (failure != null) {
                retry(result, started, again);
            } else {
                onAnswer.accept(((GridMessage.OperateReply) reply).answer());
            }
        });
    }

    /** Runs {@code again} after the retry delay; until then the operation waits here. */
    private void retry(CompletableFuture<Answer> result, long started, Runnable again) {
        waitHere(result, started);
        later(again);
    }

    /**
     * The operation of {@code result} waits at this member, for its primary here or for a retry: failed past its
     * deadline by the sweep, or when this grid stops.
     */
    private void waitHere(CompletableFuture<Answer> result, long started) {
        if (!open.containsKey(result)) {
            expireAt(result, started, why -> result.complete(new Answer.Failed(GridException.Reason.UNAVAILABLE, why)));
        }
    }

    /** What is left until {@code deadlineNanos}, in milliseconds: the primary drops what it cannot start by then. */
    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private void later(Runnable retry) {
        thread.schedule(retry, settings.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Fails {@code result} with {@code fail} once the operation timeout passed (found by the next sweep, up to
     * {@link GridMessenger#SWEEP_MILLIS} late), or when this grid stops, unless it completed before.
     */
    private void expireAt(CompletableFuture<?> result, long started, Consumer<String> fail) {
        open.put(result, new Open(started + settings.operationTimeout().toNanos(), fail));
        result.whenComplete((value, failure) -> open.remove(result));
    }

    /**
     * Fails the operations waiting here past their deadline; run by the grid's one sweep of deadlines
     * ({@link GridStore}), with the messenger's.
     */
    void expire() {
        long now = System.nanoTime();
        List<Open> due = new ArrayList<>();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open operation = it.next();
            if (now - operation.deadlineNanos() >= 0) {
                it.remove();
                due.add(operation);
            }
        }
        // Failed after the walk: failing completes futures whose callbacks may start (and so add) operations.
        due.forEach(operation -> operation.fail().accept(timedOut()));
    }

    private String timedOut() {
        return "no answer from the key's owners within " + settings.operationTimeout();
    }

    /**
     * Fails every open operation (the grid stops: its timers and retries will not run) and, from now on, every new
     * one.
     */
    void close() {
        closed = true;
        List.copyOf(open.values()).forEach(operation -> operation.fail().accept(STOPPED));
        open.clear();
    }

    private static GridException clusterDown() {
        return new GridException(GridException.Reason.CLUSTER_DOWN,
                "this member's side holds no majority of the site");
    }

    private static String outcome(Answer answer, Throwable failure) {
        if (failure != null) {
            return "error";
        }
        return answer instanceof Answer.Failed failed ? failed.reason().name().toLowerCase() : "ok";
    }
}
