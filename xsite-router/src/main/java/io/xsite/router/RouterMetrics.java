package io.xsite.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The router's Prometheus meters. Counters are resolved once and kept, so the forwarding path only
 * increments (Micrometer's counters are safe from every event loop). Gauges read the routing table's
 * concurrent maps, so {@link #scrape()} runs on any thread; the group methods run under the table's lock.
 *
 * <p>No label grows with what clients send: reasons are fixed enums, and only the first
 * {@value #MAX_LABELLED_GROUPS} groups that have registrations get a {@code group} label of their own;
 * the registrations of the rest are reported together as {@code group="other"}.
 */
final class RouterMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter framesForwarded = Counter.builder("xsite.router.frames.forwarded")
            .description("MESSAGE frames written to a receiver").register(registry);
    private final Counter bytesForwarded = Counter.builder("xsite.router.bytes.forwarded")
            .description("bytes of MESSAGE frames written to receivers, length prefix included")
            .register(registry);
    static final int MAX_LABELLED_GROUPS = 100;
    static final String OTHER_GROUPS = "other";

    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<ConnectionRefusal, Counter> connectionsRefused = new EnumMap<>(ConnectionRefusal.class);
    private final Map<RegistrationRefusal, Counter> registrationsRefused = new EnumMap<>(RegistrationRefusal.class);
    private final Map<String, Gauge> registrationsByGroup = new HashMap<>();
    /**
     * The member maps of the groups beyond the labelled ones, summed under {@link #OTHER_GROUPS}; guarded by
     * itself, as a scrape reads it while a registration changes it.
     */
    private final Set<Map<?, ?>> otherGroups = Collections.newSetFromMap(new IdentityHashMap<>());

    RouterMetrics() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, Counter.builder("xsite.router.frames.dropped")
                    .description("frames dropped or refused, by reason").tag("reason", reason.tag())
                    .register(registry));
        }
        for (ConnectionRefusal reason : ConnectionRefusal.values()) {
            connectionsRefused.put(reason, Counter.builder("xsite.router.connections.refused")
                    .description("connections refused at once or closed by the router's limits, by reason")
                    .tag("reason", reason.tag()).register(registry));
        }
        for (RegistrationRefusal reason : RegistrationRefusal.values()) {
            registrationsRefused.put(reason, Counter.builder("xsite.router.registrations.refused")
                    .description("REGISTERs refused (the client is sent SUSPECT of its address and closed), by reason")
                    .tag("reason", reason.tag()).register(registry));
        }
        Gauge.builder("xsite.router.registrations", otherGroups, RouterMetrics::registrations)
                .description("registered members per group").tag("group", OTHER_GROUPS).strongReference(true)
                .register(registry);
    }

    /** Watches the open connections: their number and the bytes queued for them. */
    void watchConnections(Collection<ClientConnection> connections) {
        Gauge.builder("xsite.router.connections", connections, Collection::size)
                .description("open client connections").strongReference(true).register(registry);
        Gauge.builder("xsite.router.outbound.pending.bytes", connections, RouterMetrics::pendingBytes)
                .description("bytes queued for clients, not yet written to their sockets")
                .strongReference(true).register(registry);
    }

    /**
     * Starts reporting the size of {@code members} as the registrations of {@code group}, under its own
     * label while fewer than {@value #MAX_LABELLED_GROUPS} groups have one, else under "other".
     */
    void groupCreated(String group, Map<?, ?> members) {
        if (registrationsByGroup.size() >= MAX_LABELLED_GROUPS || OTHER_GROUPS.equals(group)) {
            synchronized (otherGroups) {
                otherGroups.add(members);
            }
            return;
        }
        registrationsByGroup.put(group, Gauge.builder("xsite.router.registrations", members, Map::size)
                .description("registered members per group").tag("group", group).strongReference(true)
                .register(registry));
    }

    /** Stops reporting {@code group}, whose {@code members} map is empty now. */
    void groupRemoved(String group, Map<?, ?> members) {
        synchronized (otherGroups) {
            if (otherGroups.remove(members)) {
                return;
            }
        }
        Gauge gauge = registrationsByGroup.remove(group);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    void connectionRefused(ConnectionRefusal reason) {
        connectionsRefused.get(reason).increment();
    }

    void registrationRefused(RegistrationRefusal reason) {
        registrationsRefused.get(reason).increment();
    }

    /** How many connections were refused or closed for {@code reason} so far. */
    double connectionsRefusedCount(ConnectionRefusal reason) {
        return connectionsRefused.get(reason).count();
    }

    /** How many REGISTERs were refused for {@code reason} so far. */
    double registrationsRefusedCount(RegistrationRefusal reason) {
        return registrationsRefused.get(reason).count();
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

    /**
     * The registry, for parts of the router that count on their own (the admin endpoint, TLS handshakes), which
     * {@link #scrape()} then shows too.
     */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }

    private static double registrations(Set<Map<?, ?>> groups) {
        long sum = 0;
        synchronized (groups) {
            for (Map<?, ?> members : groups) {
                sum += members.size();
            }
        }
        return sum;
    }

    private static double pendingBytes(Collection<ClientConnection> connections) {
        long sum = 0;
        for (ClientConnection connection : connections) {
            sum += connection.pendingOutboundBytes();
        }
        return sum;
    }
}
