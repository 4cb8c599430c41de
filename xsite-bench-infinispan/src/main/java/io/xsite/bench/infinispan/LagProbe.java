package io.xsite.bench.infinispan;

import io.xsite.bench.grid.RespLink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Measures the async backup's lag under load: puts a fresh value of one of its own keys at nyc, then reads the
 * key at sfc every {@value #POLL_PAUSE_MICROS} us until that value is there; the lag is the time from sending the
 * put to the first read that sees it (microseconds). A value not seen within {@value #GIVE_UP_SECONDS} s counts as lost and the probe
 * goes on with the next.
 */
final class LagProbe implements Runnable {
    private static final long GIVE_UP_SECONDS = 30;
    /**
     * The pause between two reads at sfc. Reading back to back kept a benchmark thread and sfc's first member busy
     * all the time, about a core of a small machine taken from the load being measured (and, for xsite, the
     * thread of sfc's site master, which merges the backups whose lag is measured).
     */
    private static final long POLL_PAUSE_MICROS = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(GIVE_UP_SECONDS);

    private final InetSocketAddress nyc;
    private final InetSocketAddress sfc;
    private final int database;
    private final Histogram lags = new Histogram(TIMEOUT.toNanos() / 1000, 3);
    private volatile boolean stopped;
    private long lost;
    private String failure;

    LagProbe(InetSocketAddress nyc, InetSocketAddress sfc, int database) {
        this.nyc = nyc;
        this.sfc = sfc;
        this.database = database;
    }

    @Override
    public void run() {
        try (RespLink writer = RespLink.connect(nyc, TIMEOUT); RespLink reader = RespLink.connect(sfc, TIMEOUT)) {
            writer.call("SELECT", String.valueOf(database));
            reader.call("SELECT", String.valueOf(database));
            for (long n = 0; !stopped; n++) {
                String key = "lag-" + n % 100;
                String value = "probe-" + n;
                long begin = System.nanoTime();
                if (!"+OK".equals(writer.call("SET", key, value))) {
                    continue;
                }
                long deadline = begin + TIMEOUT.toNanos();
                boolean seen = value.equals(reader.call("GET", key));
                while (!seen && System.nanoTime() < deadline && !stopped) {
                    // The lag's resolution is the pause plus one read's round trip.
                    LockSupport.parkNanos(POLL_PAUSE_MICROS * 1000);
                    seen = value.equals(reader.call("GET", key));
                }
                if (seen) {
                    lags.recordValue(Math.min((System.nanoTime() - begin) / 1000, lags.getHighestTrackableValue()));
                } else if (!stopped) {
                    lost++;
                }
            }
        } catch (IOException e) {
            failure = e.toString();
        }
    }

    void stop() {
        stopped = true;
    }

    /** The lags seen; read once the thread has ended. */
    Histogram lags() {
        return lags;
    }

    /** Probes not seen at sfc within the give-up time; read once the thread has ended. */
    long lost() {
        return lost;
    }

    /** Why the probe ended early, or null. */
    String failure() {
        return failure;
    }
}
