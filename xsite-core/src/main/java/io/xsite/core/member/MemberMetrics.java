package io.xsite.core.member;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A member's Prometheus metrics. Counters are incremented from I/O threads and the member's event loop
 * alike (Micrometer counters are thread-safe); values the protocol owns are mirrored into atomics on
 * the member's event loop and read by the scrape.
 */
final class MemberMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter framesIn;
    private final Counter bytesIn;
    private final Counter framesOut;
    private final Counter bytesOut;
    private final Counter messagesDelivered;
    private final Counter messagesSent;
    private final Counter viewChanges;
    private final Counter suspicions;
    private final AtomicInteger viewSize = new AtomicInteger();
    private final AtomicLong retransmissions = new AtomicLong();
    private final ConcurrentMap<String, Counter> dropped = new ConcurrentHashMap<>();

    MemberMetrics(String cluster, String name) {
        registry.config().commonTags("cluster", cluster, "member", name);
        framesIn = Counter.builder("xsite_member_frames_in").register(registry);
        bytesIn = Counter.builder("xsite_member_bytes_in").baseUnit("bytes").register(registry);
        framesOut = Counter.builder("xsite_member_frames_out").register(registry);
        bytesOut = Counter.builder("xsite_member_bytes_out").baseUnit("bytes").register(registry);
        messagesDelivered = Counter.builder("xsite_member_messages_delivered")
                .description("application messages delivered to this member").register(registry);
        messagesSent = Counter.builder("xsite_member_messages_sent")
                .description("application messages this member sent, one per destination").register(registry);
        viewChanges = Counter.builder("xsite_member_view_changes").register(registry);
        suspicions = Counter.builder("xsite_member_suspicions")
                .description("connections to peers lost (each one is verified before an exclusion)").register(registry);
        Gauge.builder("xsite_member_view_size", viewSize, AtomicInteger::get).register(registry);
        FunctionCounter.builder("xsite_member_retransmissions", retransmissions, AtomicLong::get).register(registry);
    }

    void frameIn(int bytes) {
        framesIn.increment();
        bytesIn.increment(bytes);
    }

    void frameOut(int bytes) {
        framesOut.increment();
        bytesOut.increment(bytes);
    }

    void messageDelivered() {
        messagesDelivered.increment();
    }

    void messageSent() {
        messagesSent.increment();
    }

    void viewInstalled(int size) {
        viewChanges.increment();
        viewSize.set(size);
    }

    void suspicion() {
        suspicions.increment();
    }

    void retransmissions(long total) {
        retransmissions.set(total);
    }

    /** Counts a frame dropped for {@code reason} (other cluster, malformed, unknown version, ...). */
    void dropped(String reason) {
        dropped.computeIfAbsent(reason, r -> Counter.builder("xsite_member_frames_dropped").tag("reason", r)
                .register(registry)).increment();
    }

    /** The registry, for parts that add their own meters (the transport). */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
