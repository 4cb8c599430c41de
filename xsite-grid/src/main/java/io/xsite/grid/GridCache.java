package io.xsite.grid;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One named cache of the grid. Every operation is asynchronous and may complete exceptionally with a
 * {@link GridException} (for example {@link GridException.Reason#CLUSTER_DOWN} on the minority side of
 * a partition). Keys and values are byte strings; the arrays passed in are not copied, so callers must
 * not change them afterwards.
 */
public interface GridCache {

    /** The cache's name. */
    String name();

    /** The key's live entry (expired entries are absent), read at the key's primary. */
    CompletableFuture<Optional<GridEntry>> get(byte[] key);

    /**
     * Applies {@code write} at the key's primary, atomically for that key, and completes once every
     * owner applied it.
     */
    CompletableFuture<WriteResult> write(byte[] key, GridWrite write);

    /** The number of live entries in the cache across the site. */
    CompletableFuture<Long> size();

    /**
     * One page of keys, in no particular order; start with cursor 0 and continue with
     * {@link ScanPage#nextCursor()} until it is 0. Every key present for the whole scan is returned at
     * least once.
     */
    CompletableFuture<ScanPage> scan(long cursor, int count);

    /** Stores {@code value} without expiry. */
    default CompletableFuture<Void> put(byte[] key, byte[] value) {
        return write(key, GridWrite.put(value, Expiry.never())).thenApply(result -> null);
    }

    /** Stores {@code value}, expiring after {@code ttl}. */
    default CompletableFuture<Void> put(byte[] key, byte[] value, Duration ttl) {
        return write(key, GridWrite.put(value, Expiry.after(ttl))).thenApply(result -> null);
    }

    /**
     * Stores every value of {@code entries} (key, value) without expiry, atomically per key but not across keys;
     * a key named twice ends with its last value. Completes once every owner of every key stored it, or fails
     * with the first failure (then some keys may be stored, others not). This default writes each key on its own;
     * the grid's store sends one write per key's primary instead.
     */
    default CompletableFuture<Void> putAll(List<Map.Entry<byte[], byte[]>> entries) {
        Map<ByteBuffer, Map.Entry<byte[], byte[]>> last = new LinkedHashMap<>();
        entries.forEach(e -> last.put(ByteBuffer.wrap(e.getKey()), e));
        return CompletableFuture.allOf(last.values().stream().map(e -> put(e.getKey(), e.getValue()))
                .toArray(CompletableFuture[]::new));
    }

    /** Stores {@code value} only if the key has no live entry; completes with whether it stored. */
    default CompletableFuture<Boolean> putIfAbsent(byte[] key, byte[] value) {
        return write(key, new GridWrite.Put(value, Expiry.never(), GridWrite.Condition.IF_ABSENT, false))
                .thenApply(WriteResult::applied);
    }

    /** Removes the key; completes with whether it had a live entry. */
    default CompletableFuture<Boolean> remove(byte[] key) {
        return write(key, new GridWrite.Remove()).thenApply(WriteResult::applied);
    }
}
