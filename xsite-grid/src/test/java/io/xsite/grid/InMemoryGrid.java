package io.xsite.grid;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link Grid} in one map per cache, for testing what is built on the interface (the RESP server, the
 * HTTP routes) without a site. Each cache applies writes one at a time; results complete on
 * {@code completions} (a thread of the test's, so that replies arrive as the real grid's do, from another
 * thread). {@link #refuseWrites} makes writes fail as on the minority side of a partition.
 */
public final class InMemoryGrid implements Grid {
    private final Map<String, Cache> caches = new LinkedHashMap<>();
    private final Executor completions;
    private final LongSupplier nowMillis;
    private volatile GridException refusal;
    private volatile InetSocketAddress advertised;

    /** Caches named {@code names}, completing on {@code completions}, expiring by {@code nowMillis}. */
    public InMemoryGrid(List<String> names, Executor completions, LongSupplier nowMillis) {
        this.completions = completions;
        this.nowMillis = nowMillis;
        names.forEach(name -> caches.put(name, new Cache(name)));
    }

    /** From now on writes fail with {@code failure} (null: they work again). */
    public void refuseWrites(GridException failure) {
        this.refusal = failure;
    }

    @Override
    public Optional<GridCache> cache(String name) {
        return Optional.ofNullable(caches.get(name));
    }

    @Override
    public Set<String> cacheNames() {
        return caches.keySet();
    }

    @Override
    public void advertise(InetSocketAddress resp) {
        advertised = resp;
    }

    /** Alone: every slot of a known cache is this grid's, at the advertised address, in one segment. */
    @Override
    public Optional<ClientTopology> topology(String name) {
        InetSocketAddress resp = advertised;
        return resp == null || !caches.containsKey(name) ? Optional.empty() : Optional.of(ClientTopology.alone(
                new ClientTopology.Node(ClientTopology.idOf(0, 1), "A", resp), 1));
    }

    @Override
    public GridStatus status() {
        List<GridStatus.CacheStatus> statuses = new ArrayList<>();
        caches.values().forEach(cache -> statuses.add(new GridStatus.CacheStatus(cache.name, 1, cache.liveSize(),
                Map.of(0, List.of("A")), 0, false, 0, List.of())));
        return new GridStatus("A", "nyc", refusal == null, statuses);
    }

    /** An in-memory grid has no other sites: every backup site is unknown. */
    @Override
    public CompletableFuture<String> changeBackup(String cache, String site, BackupAction action) {
        return CompletableFuture.failedFuture(new GridException(GridException.Reason.BAD_REQUEST,
                "cache " + cache + " has no backup site " + site));
    }

    @Override
    public void close() {
    }

    private <T> CompletableFuture<T> later(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, completions);
    }

    private final class Cache implements GridCache {
        private final String name;
        /** Sorted by key, so that a scan's cursor is the position after the last key returned. */
        private final TreeMap<ByteBuffer, GridEntry> entries = new TreeMap<>();

        Cache(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletableFuture<Optional<GridEntry>> get(byte[] key) {
            return later(() -> live(ByteBuffer.wrap(key.clone())));
        }

        @Override
        public CompletableFuture<WriteResult> write(byte[] key, GridWrite write) {
            GridException refused = refusal;
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            return later(() -> apply(ByteBuffer.wrap(key.clone()), write));
        }

        @Override
        public CompletableFuture<Long> size() {
            return later(this::liveSize);
        }

        @Override
        public CompletableFuture<ScanPage> scan(long cursor, int count) {
            return later(() -> page(cursor, count));
        }

        private synchronized long liveSize() {
            return entries.keySet().stream().filter(key -> live(key).isPresent()).count();
        }

        private synchronized ScanPage page(long cursor, int count) {
            List<byte[]> keys = new ArrayList<>();
            List<ByteBuffer> all = new ArrayList<>(entries.keySet());
            int from = (int) cursor;
            int to = Math.min(all.size(), from + count);
            for (int i = from; i < to; i++) {
                if (live(all.get(i)).isPresent()) {
                    keys.add(bytes(all.get(i)));
                }
            }
            return new ScanPage(to >= all.size() ? 0 : to, keys);
        }

        private synchronized Optional<GridEntry> live(ByteBuffer key) {
            GridEntry entry = entries.get(key);
            if (entry != null && entry.expires() && entry.expiresAtMillis() <= nowMillis.getAsLong()) {
                return Optional.empty();
            }
            return Optional.ofNullable(entry);
        }

        private synchronized WriteResult apply(ByteBuffer key, GridWrite write) {
            Optional<GridEntry> previous = live(key);
            if (write instanceof GridWrite.Put put) {
                boolean applies = switch (put.condition()) {
                    case ALWAYS -> true;
                    case IF_ABSENT -> previous.isEmpty();
                    case IF_PRESENT -> previous.isPresent();
                };
                if (applies) {
                    entries.put(key, new GridEntry(put.value(), expiry(put.expiry(), previous)));
                }
                return new WriteResult(applies, put.returnPrevious() ? previous : Optional.empty(), 0);
            }
            if (write instanceof GridWrite.Remove) {
                entries.remove(key);
                return new WriteResult(previous.isPresent(), Optional.empty(), 0);
            }
            if (write instanceof GridWrite.Increment increment) {
                long current;
                try {
                    current = previous.isEmpty() ? 0 : Long.parseLong(new String(previous.get().value()));
                } catch (NumberFormatException e) {
                    throw new GridException(GridException.Reason.NOT_AN_INTEGER, "value is not an integer");
                }
                long next;
                try {
                    next = Math.addExact(current, increment.delta());
                } catch (ArithmeticException e) {
                    throw new GridException(GridException.Reason.OVERFLOW, "increment or decrement would overflow");
                }
                long expires = previous.map(GridEntry::expiresAtMillis).orElse(GridEntry.NO_EXPIRY);
                entries.put(key, new GridEntry(Long.toString(next).getBytes(), expires));
                return new WriteResult(true, Optional.empty(), next);
            }
            GridWrite.SetExpiry setExpiry = (GridWrite.SetExpiry) write;
            previous.ifPresent(entry -> entries.put(key,
                    new GridEntry(entry.value(), expiry(setExpiry.expiry(), previous))));
            return new WriteResult(previous.isPresent(), Optional.empty(), 0);
        }

        private long expiry(Expiry expiry, Optional<GridEntry> previous) {
            if (expiry instanceof Expiry.After after) {
                return nowMillis.getAsLong() + after.ttl().toMillis();
            }
            if (expiry instanceof Expiry.At at) {
                return at.epochMillis();
            }
            if (expiry instanceof Expiry.Keep) {
                return previous.map(GridEntry::expiresAtMillis).orElse(GridEntry.NO_EXPIRY);
            }
            return GridEntry.NO_EXPIRY;
        }

        private static byte[] bytes(ByteBuffer key) {
            byte[] bytes = new byte[key.remaining()];
            key.duplicate().get(bytes);
            return bytes;
        }
    }
}
