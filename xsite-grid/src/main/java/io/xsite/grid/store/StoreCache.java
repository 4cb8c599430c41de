package io.xsite.grid.store;

import io.xsite.grid.GridCache;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridException;
import io.xsite.grid.GridWrite;
import io.xsite.grid.ScanPage;
import io.xsite.grid.WriteResult;
import io.xsite.grid.store.GridMessage.Answer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A cache as clients use it: each call becomes a task on the grid thread ({@link OperationRouter}); the
 * returned future completes there.
 */
final class StoreCache implements GridCache {
    /** Largest key plus value: a copy of the entry must fit one member message with room for its header. */
    static final int MAX_ENTRY_BYTES = GridCodec.MAX_BYTES - 4096;

    private final CacheReplica replica;
    private final OperationRouter router;
    private final GridThread thread;
    private final java.util.function.Supplier<java.util.List<io.xsite.wire.address.UuidAddress>> members;

    StoreCache(CacheReplica replica, OperationRouter router, GridThread thread,
               java.util.function.Supplier<java.util.List<io.xsite.wire.address.UuidAddress>> members) {
        this.replica = replica;
        this.router = router;
        this.thread = thread;
        this.members = members;
    }

    @Override
    public String name() {
        return replica.name();
    }

    @Override
    public CompletableFuture<Optional<GridEntry>> get(byte[] key) {
        return run(key, null, "get").thenApply(answer -> ((Answer.Read) answer).entry());
    }

    @Override
    public CompletableFuture<WriteResult> write(byte[] key, GridWrite write) {
        int valueBytes = write instanceof GridWrite.Put put ? put.value().length : 0;
        if ((long) key.length + valueBytes > MAX_ENTRY_BYTES) {
            return tooLarge();
        }
        return run(key, write, operation(write)).thenApply(answer -> ((Answer.Written) answer).result());
    }

    /** One {@link GridMessage.PutAll} per primary of the keys ({@link OperationRouter#putAll}). */
    @Override
    public CompletableFuture<Void> putAll(List<Map.Entry<byte[], byte[]>> entries) {
        Map<StoredKey, byte[]> last = new LinkedHashMap<>();
        for (Map.Entry<byte[], byte[]> e : entries) {
            if ((long) e.getKey().length + e.getValue().length > MAX_ENTRY_BYTES) {
                return tooLarge();
            }
            last.put(StoredKey.of(e.getKey()), e.getValue());
        }
        if (last.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        submit(answer, () -> router.putAll(replica, List.copyOf(last.keySet()), List.copyOf(last.values()), answer));
        return answer.thenApply(a -> {
            throwIfFailed(a);
            return null;
        });
    }

    private static <T> CompletableFuture<T> tooLarge() {
        return CompletableFuture.failedFuture(new GridException(GridException.Reason.BAD_REQUEST,
                "key and value exceed " + MAX_ENTRY_BYTES + " bytes"));
    }

    @Override
    public CompletableFuture<Long> size() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        submit(result, () -> router.count(replica, members.get(), result));
        return result;
    }

    @Override
    public CompletableFuture<ScanPage> scan(long cursor, int count) {
        CompletableFuture<ScanPage> result = new CompletableFuture<>();
        submit(result, () -> router.scan(replica, replica.segments(), cursor, count, result));
        return result;
    }

    private CompletableFuture<Answer> run(byte[] key, GridWrite write, String operation) {
        if (key.length > MAX_ENTRY_BYTES) {
            return CompletableFuture.failedFuture(new GridException(GridException.Reason.BAD_REQUEST,
                    "key exceeds " + MAX_ENTRY_BYTES + " bytes"));
        }
        StoredKey stored = StoredKey.of(key);
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        submit(answer, () -> router.operate(replica, stored, write, operation, answer));
        return answer.thenApply(a -> {
            throwIfFailed(a);
            return a;
        });
    }

    private static void throwIfFailed(Answer answer) {
        if (answer instanceof Answer.Failed failed) {
            throw new GridException(failed.reason(), failed.message());
        }
    }

    /**
     * Runs {@code task} on the grid thread, at once when called there outside a grid task ({@link GridThread#run});
     * a stopped grid runs nothing, so {@code result} fails at once.
     */
    private void submit(CompletableFuture<?> result, Runnable task) {
        if (!thread.run(task)) {
            result.completeExceptionally(new GridException(GridException.Reason.UNAVAILABLE,
                    "the grid of this member stopped"));
        }
    }

    private static String operation(GridWrite write) {
        if (write instanceof GridWrite.Put) {
            return "put";
        }
        if (write instanceof GridWrite.Remove) {
            return "remove";
        }
        return write instanceof GridWrite.Increment ? "increment" : "expire";
    }
}
