package io.xsite.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The router's Prometheus meters. Counters are resolved once and kept, so the forwarding path only
 * increments. Gauges read the routing table, so {@link #scrape()} and the group methods run on the
 * router's event loop, the thread that owns the table.
 */
final class RouterMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter framesForwarded = Counter.builder("xsite.router.frames.forwarded")
            .description("MESSAGE frames written to a receiver").register(registry);
    private final Counter bytesForwarded = Counter.builder("xsite.router.bytes.forwarded")
            .description("bytes of MESSAGE frames written to receivers, length prefix included")
            .register(registry);
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<String, Gauge> registrationsByGroup = new HashMap<>();

    RouterMetrics() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, Counter.builder("xsite.router.frames.dropped")
                    .description("frames dropped or refused, by reason").tag("reason", reason.tag())
                    .register(registry));
        }
    }

    /** Watches the open connections: their number and the bytes queued for them. */
    void watchConnections(Collection<ClientConnection> connections) {
        Gauge.builder("xsite.router.connections", connections, Collection::size)
                .description("open client connections").strongReference(true).register(registry);
        Gauge.builder("xsite.router.outbound.pending.bytes", connections, RouterMetrics::pendingBytes)
                .description("bytes queued for clients, not yet written to their sockets")
                .strongReference(true).register(registry);
    }

    /** Starts reporting the size of {@code members} as the registrations of {@code group}. */
    void groupCreated(String group, Map<?, ?> members) {
        registrationsByGroup.put(group, Gauge.builder("xsite.router.registrations", members, Map::size)
                .description("registered members per group").tag("group", group).strongReference(true)
                .register(registry));
    }

    /** Stops reporting {@code group}, which has no members left. */
    void groupRemoved(String group) {
        Gauge gauge = registrationsByGroup.remove(group);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    void forwarded(int frames, int frameBytes) {
        framesForwarded.increment(frames);
        bytesForwarded.increment((double) frames * frameBytes);
    }

    void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    /** How many frames were dropped for {@code reason} so far. */
    double droppedCount(DropReason reason) {
        return dropped.get(reason).count();
    }

    /** The registry, for the admin endpoint's own meters, which {@link #scrape()} then shows too. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }

    private static double pendingBytes(Collection<ClientConnection> connections) {
        long sum = 0;
        for (ClientConnection connection : connections) {
            sum += connection.pendingOutboundBytes();
        }
        return sum;
    }
}
