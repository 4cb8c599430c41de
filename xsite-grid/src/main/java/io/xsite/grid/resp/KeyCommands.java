package io.xsite.grid.resp;

import io.xsite.grid.Expiry;
import io.xsite.grid.GridCache;
import io.xsite.grid.GridEntry;
import io.xsite.grid.GridWrite;
import io.xsite.grid.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The string and key-space commands (grid.md "Access"): each one or a few grid operations on the cache of
 * the connection's database, in the connection's order per key ({@link OrderedCache}). Commands over several keys
 * ({@code MGET}, {@code DEL}, {@code EXISTS}) run one operation per key, at each key's primary, all at once;
 * {@code MSET} one write per primary of its keys ({@link GridCache#putAll}). All are atomic per key, not across
 * keys (the keys live on different members).
 */
final class KeyCommands {
    private final LongSupplier nowMillis;

    /** @param nowMillis the wall clock, for the remaining time of {@code TTL} */
    KeyCommands(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    /** The commands, for the {@link CommandTable}. */
    List<Command> commands() {
        return List.of(
                command("get", 2, Command.Keys.ONE, "string", "Returns the string value of a key.", "1.0.0", this::get),
                command("set", -3, Command.Keys.ONE, "string",
                        "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
                        "1.0.0", this::set),
                command("mget", -2, Command.Keys.ALL, "string", "Atomically returns the string values of one or more "
                        + "keys.", "1.0.0", this::mget),
                command("mset", -3, Command.Keys.PAIRS, "string", "Creates or modifies the string values of one or "
                        + "more keys.", "1.0.1", this::mset),
                command("del", -2, Command.Keys.ALL, "generic", "Deletes one or more keys.", "1.0.0", this::del),
                command("exists", -2, Command.Keys.ALL, "generic", "Determines whether one or more keys exist.",
                        "1.0.0", this::exists),
                command("incr", 2, Command.Keys.ONE, "string", "Increments the integer value of a key by one. Uses 0 "
                        + "as initial value if the key doesn't exist.", "1.0.0", (s, r) -> add(s, r, 1)),
                command("decr", 2, Command.Keys.ONE, "string", "Decrements the integer value of a key by one. Uses 0 "
                        + "as initial value if the key doesn't exist.", "1.0.0", (s, r) -> add(s, r, -1)),
                command("incrby", 3, Command.Keys.ONE, "string", "Increments the integer value of a key by a number. "
                        + "Uses 0 as initial value if the key doesn't exist.", "1.0.0",
                        (s, r) -> add(s, r, Arguments.integer(r.argument(2)))),
                command("decrby", 3, Command.Keys.ONE, "string", "Decrements a number from the integer value of a "
                        + "key. Uses 0 as initial value if the key doesn't exist.", "1.0.0", this::decrby),
                command("expire", -3, Command.Keys.ONE, "generic", "Sets the expiration time of a key in seconds.",
                        "1.0.0", (s, r) -> expire(s, r, true)),
                command("pexpire", -3, Command.Keys.ONE, "generic", "Sets the expiration time of a key in "
                        + "milliseconds.", "2.6.0", (s, r) -> expire(s, r, false)),
                command("ttl", 2, Command.Keys.ONE, "generic", "Returns the expiration time in seconds of a key.",
                        "1.0.0", (s, r) -> ttl(s, r, true)),
                command("pttl", 2, Command.Keys.ONE, "generic", "Returns the expiration time in milliseconds of a "
                        + "key.", "2.6.0", (s, r) -> ttl(s, r, false)),
                command("persist", 2, Command.Keys.ONE, "generic", "Removes the expiration time of a key.", "2.2.0",
                        this::persist),
                command("dbsize", 1, Command.Keys.NONE, "server", "Returns the number of keys in the database.",
                        "1.0.0", (s, r) -> cache(s).size().thenApply(Reply.Int::new)),
                command("scan", -2, Command.Keys.NONE, "generic", "Iterates over the key names in the database.",
                        "2.8.0", this::scan));
    }

    private static Command command(String name, int arity, Command.Keys keys, String group, String summary,
                                   String since, Command.Handler handler) {
        return new Command(name, arity, false, keys, group, summary, since, handler);
    }

    private static GridCache cache(RespSession session) {
        return session.cache();
    }

    private CompletionStage<Reply> get(RespSession session, RespFrame.Request request) {
        return cache(session).get(request.argument(1)).thenApply(KeyCommands::value);
    }

    private CompletionStage<Reply> set(RespSession session, RespFrame.Request request) {
        SetOptions options = SetOptions.parse(request, 3);
        return cache(session).write(request.argument(1), options.write(request.argument(2))).thenApply(result -> {
            if (options.returnPrevious()) {
                return value(result.previous());
            }
            return result.applied() ? Reply.OK : Reply.NullBulk.INSTANCE;
        });
    }

    private CompletionStage<Reply> mget(RespSession session, RespFrame.Request request) {
        GridCache cache = cache(session);
        List<CompletableFuture<Optional<GridEntry>>> reads = new ArrayList<>();
        for (int i = 1; i <= request.argumentCount(); i++) {
            reads.add(cache.get(request.argument(i)));
        }
        return all(reads).thenApply(entries -> new Reply.Array(entries.stream().map(KeyCommands::value).toList()));
    }

    private CompletionStage<Reply> mset(RespSession session, RespFrame.Request request) {
        if (request.argumentCount() % 2 != 0) {
            return Command.reply(Reply.wrongArity("mset"));
        }
        List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(request.argumentCount() / 2);
        for (int i = 1; i < request.argumentCount(); i += 2) {
            entries.add(Map.entry(request.argument(i), request.argument(i + 1)));
        }
        return cache(session).putAll(entries).thenApply(done -> Reply.OK);
    }

    private CompletionStage<Reply> del(RespSession session, RespFrame.Request request) {
        GridCache cache = cache(session);
        List<CompletableFuture<WriteResult>> removes = new ArrayList<>();
        for (int i = 1; i <= request.argumentCount(); i++) {
            removes.add(cache.write(request.argument(i), new GridWrite.Remove()));
        }
        return all(removes).thenApply(results -> new Reply.Int(results.stream().filter(WriteResult::applied).count()));
    }

    private CompletionStage<Reply> exists(RespSession session, RespFrame.Request request) {
        GridCache cache = cache(session);
        List<CompletableFuture<Optional<GridEntry>>> reads = new ArrayList<>();
        for (int i = 1; i <= request.argumentCount(); i++) {
            reads.add(cache.get(request.argument(i)));
        }
        return all(reads).thenApply(entries -> new Reply.Int(entries.stream().filter(Optional::isPresent).count()));
    }

    private CompletionStage<Reply> add(RespSession session, RespFrame.Request request, long delta) {
        return cache(session).write(request.argument(1), new GridWrite.Increment(delta))
                .thenApply(result -> new Reply.Int(result.number()));
    }

    private CompletionStage<Reply> decrby(RespSession session, RespFrame.Request request) {
        long amount = Arguments.integer(request.argument(2));
        if (amount == Long.MIN_VALUE) {
            throw new CommandError("ERR decrement would overflow");
        }
        return add(session, request, -amount);
    }

    /**
     * {@code EXPIRE key seconds [NX | XX | GT | LT]}: a time that is not positive deletes the key, as in Redis.
     * With a condition the current expiry is read first, then the new one written: the condition is checked
     * against that read, not atomically with the write.
     */
    private CompletionStage<Reply> expire(RespSession session, RespFrame.Request request, boolean seconds) {
        String name = seconds ? "expire" : "pexpire";
        long millis = Arguments.millis(Arguments.integer(request.argument(2)), seconds, name);
        ExpireCondition condition = ExpireCondition.parse(request, 3);
        GridCache cache = cache(session);
        byte[] key = request.argument(1);
        GridWrite write = millis <= 0 ? new GridWrite.Remove()
                : new GridWrite.SetExpiry(Expiry.after(Duration.ofMillis(millis)));
        if (millis > 0 && nowMillis.getAsLong() > Long.MAX_VALUE - millis) {
            throw Arguments.invalidExpireTime(name);
        }
        if (condition == ExpireCondition.ANY) {
            return cache.write(key, write).thenApply(result -> new Reply.Int(result.applied() ? 1 : 0));
        }
        long newExpiry = nowMillis.getAsLong() + millis;
        return cache.get(key).thenCompose(entry -> entry.isPresent() && condition.holds(entry.get(), newExpiry)
                ? cache.write(key, write).thenApply(result -> (Reply) new Reply.Int(result.applied() ? 1 : 0))
                : CompletableFuture.completedFuture(new Reply.Int(0)));
    }

    private CompletionStage<Reply> ttl(RespSession session, RespFrame.Request request, boolean seconds) {
        return cache(session).get(request.argument(1)).thenApply(entry -> {
            if (entry.isEmpty()) {
                return new Reply.Int(-2);
            }
            if (!entry.get().expires()) {
                return new Reply.Int(-1);
            }
            long left = entry.get().expiresAtMillis() - nowMillis.getAsLong();
            if (left < 0) {
                return new Reply.Int(-2);
            }
            return new Reply.Int(seconds ? (left + 500) / 1000 : left);
        });
    }

    /** {@code PERSIST}: 1 only if the key had an expiry; read first, as the grid's write does not say. */
    private CompletionStage<Reply> persist(RespSession session, RespFrame.Request request) {
        GridCache cache = cache(session);
        byte[] key = request.argument(1);
        return cache.get(key).thenCompose(entry -> entry.isPresent() && entry.get().expires()
                ? cache.write(key, new GridWrite.SetExpiry(Expiry.never()))
                        .thenApply(result -> (Reply) new Reply.Int(result.applied() ? 1 : 0))
                : CompletableFuture.completedFuture(new Reply.Int(0)));
    }

    /** {@code SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]}: every key is a string. */
    private CompletionStage<Reply> scan(RespSession session, RespFrame.Request request) {
        long cursor;
        try {
            cursor = Long.parseUnsignedLong(request.text(1));
        } catch (NumberFormatException e) {
            throw new CommandError("ERR invalid cursor");
        }
        byte[] pattern = null;
        int count = 10;
        boolean strings = true;
        for (int i = 2; i <= request.argumentCount(); i += 2) {
            if (i == request.argumentCount()) {
                throw CommandError.syntax();
            }
            switch (Arguments.keyword(request.argument(i))) {
                case "MATCH" -> pattern = request.argument(i + 1);
                case "COUNT" -> {
                    long asked = Arguments.integer(request.argument(i + 1));
                    if (asked < 1) {
                        throw CommandError.syntax();
                    }
                    count = (int) Math.min(asked, 100_000);
                }
                case "TYPE" -> strings = Arguments.keyword(request.argument(i + 1)).equals("STRING");
                default -> throw CommandError.syntax();
            }
        }
        byte[] match = pattern;
        boolean anyKey = strings;
        return cache(session).scan(cursor, count).thenApply(page -> new Reply.Array(List.of(
                Reply.bulk(Long.toUnsignedString(page.nextCursor())),
                new Reply.Array(page.keys().stream()
                        .filter(key -> anyKey && (match == null || Glob.matches(match, key)))
                        .map(key -> (Reply) new Reply.Bulk(key)).toList()))));
    }

    private static Reply value(Optional<GridEntry> entry) {
        return entry.<Reply>map(e -> new Reply.Bulk(e.value())).orElse(Reply.NullBulk.INSTANCE);
    }

    /** Completes with every result, in order, once all completed; fails with the first failure. */
    private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
    }

    /** The conditions of {@code EXPIRE} (Redis 7). */
    private enum ExpireCondition {
        ANY, NX, XX, GT, LT;

        static ExpireCondition parse(RespFrame.Request request, int first) {
            if (request.argumentCount() < first) {
                return ANY;
            }
            if (request.argumentCount() > first) {
                throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
            }
            String option = Arguments.keyword(request.argument(first));
            try {
                ExpireCondition condition = valueOf(option);
                if (condition != ANY) {
                    return condition;
                }
            } catch (IllegalArgumentException e) {
                // falls through to Redis' message
            }
            throw new CommandError("ERR Unsupported option " + request.text(first));
        }

        /** Whether the condition holds for {@code entry} and the new expiry time; no expiry counts as infinite. */
        boolean holds(GridEntry entry, long newExpiry) {
            return switch (this) {
                case ANY -> true;
                case NX -> !entry.expires();
                case XX -> entry.expires();
                case GT -> entry.expires() && newExpiry > entry.expiresAtMillis();
                case LT -> !entry.expires() || newExpiry < entry.expiresAtMillis();
            };
        }
    }
}
