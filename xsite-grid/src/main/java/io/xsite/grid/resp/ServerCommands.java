package io.xsite.grid.resp;

import io.xsite.net.admin.XsiteVersion;
import io.xsite.grid.GridCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * {@code INFO} and {@code CONFIG GET}: what tools ask a server before they start ({@code redis-benchmark}
 * reads {@code save} and {@code appendonly}; monitoring reads {@code INFO}). The values describe this server
 * as a Redis that keeps nothing on disk.
 */
final class ServerCommands {
    /** The Redis version the server answers as: the commands behave as in Redis 7. */
    static final String REDIS_VERSION = "7.2.0";

    private final List<GridCache> databases;
    private final RespLimits limits;
    private final IntSupplier port;
    private final IntSupplier clients;
    private final long startNanos = System.nanoTime();

    /**
     * @param databases the cache of each database
     * @param limits    the server's limits ({@code proto-max-bulk-len})
     * @param port      the port the server listens on
     * @param clients   how many clients are connected
     */
    ServerCommands(List<GridCache> databases, RespLimits limits, IntSupplier port, IntSupplier clients) {
        this.databases = List.copyOf(databases);
        this.limits = limits;
        this.port = port;
        this.clients = clients;
    }

    /** The commands, for the {@link CommandTable}. */
    List<Command> commands() {
        return List.of(
                new Command("info", -1, false, Command.Keys.NONE, "server",
                        "Returns information and statistics about the server.", "1.0.0", this::info),
                new Command("config", -2, false, Command.Keys.NONE, "server",
                        "A container for server configuration commands.", "2.0.0", this::config));
    }

    /** {@code INFO [section ...]}: server, clients and keyspace; the others Redis has are empty here. */
    private CompletionStage<Reply> info(RespSession session, RespFrame.Request request) {
        Set<String> asked = new java.util.HashSet<>();
        for (int i = 1; i <= request.argumentCount(); i++) {
            asked.add(request.text(i).toLowerCase(Locale.ROOT));
        }
        boolean all = asked.isEmpty() || asked.contains("all") || asked.contains("default")
                || asked.contains("everything");
        StringBuilder text = new StringBuilder();
        if (all || asked.contains("server")) {
            text.append("# Server\r\n")
                    .append("redis_version:").append(REDIS_VERSION).append("\r\n")
                    .append("xsite_version:").append(XsiteVersion.current()).append("\r\n")
                    .append("redis_mode:standalone\r\n")
                    .append("os:").append(System.getProperty("os.name")).append(' ')
                    .append(System.getProperty("os.arch")).append("\r\n")
                    .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
                    .append("tcp_port:").append(port.getAsInt()).append("\r\n")
                    .append("uptime_in_seconds:").append((System.nanoTime() - startNanos) / 1_000_000_000L)
                    .append("\r\n\r\n");
        }
        if (all || asked.contains("clients")) {
            text.append("# Clients\r\nconnected_clients:").append(clients.getAsInt()).append("\r\n\r\n");
        }
        if (!all && !asked.contains("keyspace")) {
            return Command.reply(Reply.bulk(text.toString()));
        }
        List<CompletableFuture<Long>> sizes = databases.stream().map(GridCache::size).toList();
        return CompletableFuture.allOf(sizes.toArray(CompletableFuture[]::new)).thenApply(done -> {
            text.append("# Keyspace\r\n");
            for (int db = 0; db < sizes.size(); db++) {
                long keys = sizes.get(db).join();
                if (keys > 0) {
                    text.append("db").append(db).append(":keys=").append(keys).append(",expires=0,avg_ttl=0\r\n");
                }
            }
            return Reply.bulk(text.toString());
        });
    }

    /** {@code CONFIG GET parameter [parameter ...]}, glob patterns as in Redis; nothing can be set. */
    private CompletionStage<Reply> config(RespSession session, RespFrame.Request request) {
        String sub = Arguments.keyword(request.argument(1));
        if (!sub.equals("GET")) {
            throw new CommandError("ERR unknown subcommand '" + request.text(1) + "'. Try CONFIG HELP.");
        }
        if (request.argumentCount() < 2) {
            throw new CommandError("ERR wrong number of arguments for 'config|get' command");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("databases", String.valueOf(databases.size()));
        parameters.put("port", String.valueOf(port.getAsInt()));
        parameters.put("proto-max-bulk-len", String.valueOf(limits.maxRequestBytes()));
        parameters.put("save", "");
        parameters.put("appendonly", "no");
        parameters.put("maxmemory", "0");
        parameters.put("timeout", "0");
        List<Reply> found = new ArrayList<>();
        parameters.forEach((name, value) -> {
            for (int i = 2; i <= request.argumentCount(); i++) {
                byte[] pattern = request.text(i).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
                if (Glob.matches(pattern, name.getBytes(StandardCharsets.UTF_8))) {
                    found.add(Reply.bulk(name));
                    found.add(Reply.bulk(value));
                    break;
                }
            }
        });
        return Command.reply(new Reply.MapReply(found));
    }
}
