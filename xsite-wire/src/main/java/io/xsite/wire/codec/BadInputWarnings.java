package io.xsite.wire.codec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs bad network input for operators without letting a misbehaving peer flood the log: at WARN at
 * most once per interval and reason, at DEBUG otherwise (the caller's metric counts every case).
 * Thread-safe: I/O threads report here.
 */
public final class BadInputWarnings {
    private final Logger log;
    private final long intervalNanos;
    private final Map<String, AtomicLong> lastWarning = new ConcurrentHashMap<>();

    /** Warnings go to {@code log}, one per {@code interval} and reason. */
    public BadInputWarnings(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Logs {@code message} (an SLF4J pattern with {@code args}) at WARN unless {@code reason} was warned
     * about within the interval, at DEBUG then.
     */
    public void report(String reason, String message, Object... args) {
        long now = System.nanoTime();
        AtomicLong last = lastWarning.computeIfAbsent(reason, r -> new AtomicLong(now - intervalNanos));
        long previous = last.get();
        if (now - previous >= intervalNanos && last.compareAndSet(previous, now)) {
            log.warn(message + " (warned at most once per {} s for {})", append(args, intervalNanos / 1_000_000_000L,
                    reason));
        } else {
            log.debug(message, args);
        }
    }

    private static Object[] append(Object[] args, Object... more) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
