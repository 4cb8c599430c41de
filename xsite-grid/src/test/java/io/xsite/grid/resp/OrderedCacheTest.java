package io.xsite.grid.resp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.grid.Expiry;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridWrite;
import io.xsite.grid.ScanPage;
import io.xsite.grid.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A connection's order per key holds across a put of many keys: it waits for each key's earlier operation. */
class OrderedCacheTest {
    private final List<String> started = new ArrayList<>();
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    private final OrderedCache ordered = new OrderedCache(new RecordingCache());

    @Test
    void aPutOfManyKeysStartsAfterAnEarlierWriteOfOneOfThemAndALaterReadAfterIt() {
        ordered.write(bytes("b"), GridWrite.put(bytes("1"), Expiry.never()));
        CompletableFuture<Void> putAll = ordered.putAll(List.of(Map.entry(bytes("a"), bytes("2")),
                Map.entry(bytes("b"), bytes("3"))));
        ordered.get(bytes("a"));
        ordered.get(bytes("c"));

        assertThat(started).containsExactly("write b", "get c");

        complete(0);
        assertThat(started).containsExactly("write b", "get c", "putAll a b");

        complete(2);
        assertThat(putAll).isDone();
        assertThat(started).containsExactly("write b", "get c", "putAll a b", "get a");
    }

    @SuppressWarnings("unchecked")
    private void complete(int operation) {
        ((CompletableFuture<Object>) pending.get(operation)).complete(null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    /** Records what starts; each operation completes when the test says so. */
    private final class RecordingCache implements GridCache {
        private <T> CompletableFuture<T> started(String what) {
            started.add(what);
            CompletableFuture<T> result = new CompletableFuture<>();
            pending.add(result);
            return result;
        }

        @Override
        public String name() {
            return "default";
        }

        @Override
        public CompletableFuture<Optional<GridEntry>> get(byte[] key) {
            return started("get " + new String(key, UTF_8));
        }

        @Override
        public CompletableFuture<WriteResult> write(byte[] key, GridWrite write) {
            return started("write " + new String(key, UTF_8));
        }

        @Override
        public CompletableFuture<Void> putAll(List<Map.Entry<byte[], byte[]>> entries) {
            return started("putAll " + String.join(" ", entries.stream().map(e -> new String(e.getKey(), UTF_8))
                    .toList()));
        }

        @Override
        public CompletableFuture<Long> size() {
            return started("size");
        }

        @Override
        public CompletableFuture<ScanPage> scan(long cursor, int count) {
            return started("scan");
        }
    }
}
