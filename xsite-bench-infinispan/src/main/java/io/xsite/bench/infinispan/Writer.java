package io.xsite.bench.infinispan;

import io.xsite.bench.grid.RespLink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One writer thread's loop: {@code SET} after {@code SET} on a connection of its own, one at a time, each put's
 * latency in a histogram of its own (microseconds). Keys are {@code prefix + n % keys}, so a long run rewrites a
 * bounded key space; with {@code keys} 0 every key is new and {@link #acknowledged()} says how many of
 * {@code prefix + 0 ..} were acknowledged, in order.
 */
final class Writer implements Runnable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final InetSocketAddress target;
    private final int database;
    private final String prefix;
    private final long keys;
    private final String value;
    private final Histogram latencies = new Histogram(TIMEOUT.toNanos() / 1000, 3);
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile boolean stopped;
    private long errors;
    private String firstError;

    Writer(InetSocketAddress target, int database, String prefix, long keys, int valueBytes) {
        this.target = target;
        this.database = database;
        this.prefix = prefix;
        this.keys = keys;
        this.value = "v".repeat(valueBytes);
    }

    @Override
    public void run() {
        try (RespLink link = RespLink.connect(target, TIMEOUT)) {
            link.call("SELECT", String.valueOf(database));
            for (long n = 0; !stopped; n++) {
                long begin = System.nanoTime();
                String reply = link.call("SET", prefix + (keys == 0 ? n : n % keys), value);
                long micros = (System.nanoTime() - begin) / 1000;
                if ("+OK".equals(reply)) {
                    latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
                    acknowledged.set(n + 1);
                } else {
                    errors++;
                    firstError = firstError == null ? reply : firstError;
                }
            }
        } catch (IOException e) {
            // The site was killed, or a put took longer than the timeout: the writer stops here.
            firstError = firstError == null ? e.toString() : firstError;
        }
    }

    /** Ends the loop after the put in flight. */
    void stop() {
        stopped = true;
    }

    /** Latencies of the acknowledged puts; read once the thread has ended. */
    Histogram latencies() {
        return latencies;
    }

    /** How many puts were acknowledged, in key order (with {@code keys} 0: keys prefix+0 .. prefix+(n-1)). */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Puts answered with an error; read once the thread has ended. */
    long errors() {
        return errors;
    }

    /** The first error reply or failure, if any; read once the thread has ended. */
    String firstError() {
        return firstError;
    }
}
