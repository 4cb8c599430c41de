package io.xsite.bench.grid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes {@code count} keys {@code mem:000000000000} ... with {@code valueBytes}-byte values into a server over
 * one connection, pipelined: one thread writes every SET while another reads the replies, so the server's own
 * backpressure (it stops reading while too many replies are pending) paces the load. Keys have the same length
 * as redis-benchmark's ({@code key:} and 12 digits) and a prefix of their own, so that they add to what the
 * benchmark wrote rather than overwrite it.
 */
final class MemoryLoad {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private MemoryLoad() {
    }

    /** The key of entry {@code i}. */
    static String key(long i) {
        return String.format(Locale.ROOT, "mem:%012d", i);
    }

    /**
     * Sets {@code count} keys through {@code address} and waits for every reply.
     *
     * @throws IllegalStateException naming the first error reply, if any
     */
    static void load(InetSocketAddress address, long count, int valueBytes) throws IOException, InterruptedException {
        char[] fill = new char[valueBytes];
        Arrays.fill(fill, 'v');
        String value = new String(fill);
        try (RespLink link = RespLink.connect(address, REPLY_TIMEOUT)) {
            CompletableFuture<String> firstError = CompletableFuture.supplyAsync(() -> readReplies(link, count));
            for (long i = 0; i < count; i++) {
                link.write("SET", key(i), value);
            }
            link.flush();
            String error = firstError.get();
            if (error != null) {
                throw new IllegalStateException("loading " + count + " keys into " + address + " failed: " + error);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("loading " + count + " keys into " + address + " failed", e.getCause());
        }
    }

    /** Reads {@code count} replies; the first one that is not {@code +OK}, or null. */
    private static String readReplies(RespLink link, long count) {
        String firstError = null;
        try {
            for (long i = 0; i < count; i++) {
                String reply = link.readReply();
                if (!"+OK".equals(reply) && firstError == null) {
                    firstError = "reply " + i + ": " + reply;
                }
            }
            return firstError;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
