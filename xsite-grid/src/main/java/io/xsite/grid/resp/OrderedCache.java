package io.xsite.grid.resp;

import io.xsite.grid.GridCache;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridWrite;
import io.xsite.grid.ScanPage;
import io.xsite.grid.WriteResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One connection's view of a cache, in which the connection's operations on one key run in the order it
 * sent them: an operation starts once the connection's previous one on that key completed ({@code MSET}: on each
 * of its keys). Pipelining
 * keeps its speed across keys, while {@code SET k v} then {@code GET k} in one pipeline reads what it
 * wrote, as in Redis, though grid operations on their own may complete in any order. {@code DBSIZE} and
 * {@code SCAN} wait for every operation before them.
 *
 * <p>Operations are issued on the connection's event loop; the map of each key's last operation is
 * concurrent because completions remove their entries from the grid's threads.
 */
final class OrderedCache implements GridCache {
    private final GridCache cache;
    private final Map<ByteBuffer, CompletableFuture<?>> lastOnKey = new ConcurrentHashMap<>();

    OrderedCache(GridCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return cache.name();
    }

    @Override
    public CompletableFuture<Optional<GridEntry>> get(byte[] key) {
        return after(key, () -> cache.get(key));
    }

    @Override
    public CompletableFuture<WriteResult> write(byte[] key, GridWrite write) {
        return after(key, () -> cache.write(key, write));
    }

    /** Starts once the connection's previous operation on each of the keys completed. */
    @Override
    public CompletableFuture<Void> putAll(List<Map.Entry<byte[], byte[]>> entries) {
        List<ByteBuffer> names = entries.stream().map(e -> ByteBuffer.wrap(e.getKey())).toList();
        List<CompletableFuture<?>> previous = names.stream().map(lastOnKey::get).filter(Objects::nonNull).toList();
        Supplier<CompletableFuture<Void>> operation = () -> cache.putAll(entries);
        return track(names, previous.isEmpty() ? operation.get()
                : afterEach(CompletableFuture.allOf(previous.toArray(CompletableFuture[]::new)), operation));
    }

    @Override
    public CompletableFuture<Long> size() {
        return afterAll(cache::size);
    }

    @Override
    public CompletableFuture<ScanPage> scan(long cursor, int count) {
        return afterAll(() -> cache.scan(cursor, count));
    }

    private <T> CompletableFuture<T> after(byte[] key, Supplier<CompletableFuture<T>> operation) {
        ByteBuffer name = ByteBuffer.wrap(key);
        CompletableFuture<?> previous = lastOnKey.get(name);
        return track(List.of(name), previous == null ? operation.get() : afterEach(previous, operation));
    }

    /** {@code operation} once {@code previous} completed, however. */
    private static <T> CompletableFuture<T> afterEach(CompletableFuture<?> previous,
                                                      Supplier<CompletableFuture<T>> operation) {
        return previous.handle((value, failure) -> null).thenCompose(ignored -> operation.get());
    }

    /** Makes {@code result} the last operation on each of {@code names} until it completes. */
    private <T> CompletableFuture<T> track(List<ByteBuffer> names, CompletableFuture<T> result) {
        if (!result.isDone()) {
            names.forEach(name -> lastOnKey.put(name, result));
            result.whenComplete((value, failure) -> names.forEach(name -> lastOnKey.remove(name, result)));
        }
        return result;
    }

    private <T> CompletableFuture<T> afterAll(Supplier<CompletableFuture<T>> operation) {
        if (lastOnKey.isEmpty()) {
            return operation.get();
        }
        return afterEach(CompletableFuture.allOf(lastOnKey.values().toArray(CompletableFuture[]::new)), operation);
    }
}
