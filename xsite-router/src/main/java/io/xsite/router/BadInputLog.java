package io.xsite.router;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs bad network input at most once per interval, so a storm of broken clients cannot flood the
 * log; the drop counter still counts every case. Confined to the router's event loop.
 */
final class BadInputLog {
    private static final Logger LOG = LoggerFactory.getLogger(BadInputLog.class);
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private long lastLoggedNanos = System.nanoTime() - INTERVAL_NANOS;
    private int suppressed;

    void log(ClientConnection connection, DropReason reason, Throwable cause) {
        long now = System.nanoTime();
        if (now - lastLoggedNanos < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        LOG.warn("closing {}: {} input ({}); {} similar cases not logged", connection, reason.tag(),
                cause.getMessage(), suppressed);
        lastLoggedNanos = now;
        suppressed = 0;
    }
}
