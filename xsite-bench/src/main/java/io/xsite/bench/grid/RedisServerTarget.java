package io.xsite.bench.grid;

import io.xsite.core.discovery.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * {@code redis-server} (the Debian package) on a free loopback port, without persistence (no RDB snapshots, no
 * AOF: the grid keeps no disk copy either). Memory is INFO's {@code used_memory}, Redis's own count of what its
 * allocator handed out.
 */
final class RedisServerTarget implements GridTarget {
    static final String NAME = "redis-server";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ServerProcess process;
    private final InetSocketAddress resp;

    private RedisServerTarget(ServerProcess process, InetSocketAddress resp) {
        this.process = process;
        this.resp = resp;
    }

    /** Starts redis-server under {@code nice -n niceness} and waits until it answers PING. */
    static RedisServerTarget start(int niceness, Duration timeout) throws InterruptedException {
        int port = LoopbackPorts.free(1).get(0);
        ServerProcess process = ServerProcess.start(NAME, niceness, List.of("redis-server", "--port",
                String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        RedisServerTarget target = new RedisServerTarget(process, new InetSocketAddress("127.0.0.1", port));
        try {
            Ready.await(NAME + " answering PING", timeout, process, () -> {
                try (RespLink link = RespLink.connect(target.resp, TIMEOUT)) {
                    return "+PONG".equals(link.call("PING"));
                }
            });
            return target;
        } catch (RuntimeException | InterruptedException e) {
            target.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InetSocketAddress resp() {
        return resp;
    }

    @Override
    public int copies() {
        return 1;
    }

    @Override
    public MemorySample memory() throws IOException {
        try (RespLink link = RespLink.connect(resp, TIMEOUT)) {
            String info = link.call("INFO", "memory");
            long used = info.lines().filter(line -> line.startsWith("used_memory:"))
                    .mapToLong(line -> Long.parseLong(line.substring("used_memory:".length()).strip())).findFirst()
                    .orElseThrow(() -> new IOException("no used_memory in INFO memory: " + info));
            return new MemorySample(used, used);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
