package io.xsite.core.discovery;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a discovery source (a router, a DNS name) that keeps failing once per outage: WARN when it starts
 * failing, DEBUG while it still fails, INFO when it answers again. Discovery runs every few seconds, and
 * one warning per periodic call would bury everything else. Safe to call from any thread.
 */
final class FailureLog {
    private final Logger log;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    FailureLog(Logger log) {
        this.log = log;
    }

    /** {@code source} (e.g. "router 10.0.0.1:12001") failed with {@code problem}. */
    void failed(String source, String problem) {
        if (failing.add(source)) {
            log.warn("{} failed, skipped until it answers: {}", source, problem);
        } else {
            log.debug("{} still fails: {}", source, problem);
        }
    }

    /** {@code source} answered. */
    void succeeded(String source) {
        if (failing.remove(source)) {
            log.info("{} answers again", source);
        }
    }
}
