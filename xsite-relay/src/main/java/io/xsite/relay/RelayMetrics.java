package io.xsite.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.xsite.relay.reliability.Loss;
import io.xsite.relay.internal.routing.Envelope;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A relay node's Prometheus metrics, next to its member's: messages and bytes relayed per destination
 * site, site-master changes, malformed and rejected envelopes, unreachable answers, messages reported not
 * delivered. Thread-safe.
 */
final class RelayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<String, Counter> relayed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> relayedBytes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> unreachable = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> sealingFailures = new ConcurrentHashMap<>();
    /** Keyed by kind and reason: both fixed sets, so the labels cannot grow with what peers send. */
    private final ConcurrentMap<String, Counter> unsent = new ConcurrentHashMap<>();
    private final Counter siteMasterChanges;
    private final Counter resends;
    private final Counter duplicatesDropped;
    /** One counter per reason, all registered up front. */
    private final Map<Loss, Counter> undelivered = new EnumMap<>(Loss.class);
    private final Counter skipped;
    private final Counter malformed;
    /** One counter per reason, all registered up front: the label set is fixed, whatever strangers send. */
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);

    RelayMetrics(String site, String name) {
        registry.config().commonTags("site", site, "member", name);
        siteMasterChanges = Counter.builder("xsite_relay_site_master_changes")
                .description("times this member became or ceased to be a site master").register(registry);
        resends = Counter.builder("xsite_relay_resends")
                .description("relayed messages sent again because they were not acknowledged in time or the path changed")
                .register(registry);
        duplicatesDropped = Counter.builder("xsite_relay_duplicates_dropped")
                .description("relayed messages received again and dropped").register(registry);
        for (Loss reason : Loss.values()) {
            undelivered.put(reason, Counter.builder("xsite_relay_undelivered_reported")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("messages this member sent to other sites that were not delivered (all, or at one"
                            + " member of the site), each reported to the application (RelayListener.onUndelivered)")
                    .register(registry));
        }
        skipped = Counter.builder("xsite_relay_skipped_reported")
                .description("site multicast messages this member never received (their site master acknowledged"
                        + " them and left, or it fell too far behind), each reported to its origin").register(registry);
        malformed = Counter.builder("xsite_relay_envelopes_malformed")
                .description("relay envelopes dropped because they could not be decoded").register(registry);
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, Counter.builder("xsite_relay_envelopes_rejected").tag("reason", reason.label)
                    .description("relay envelopes dropped because their sender may not speak for their origin,"
                            + " or their site view is beyond the limits").register(registry));
        }
    }

    /**
     * A site master passed an envelope of {@code bytes} over a bridge towards {@code site}, carrying
     * {@code messages} (a batch several, any other envelope one).
     */
    void relayed(String site, int messages, int bytes) {
        relayed.computeIfAbsent(site, s -> Counter.builder("xsite_relay_relayed_messages").tag("to_site", s)
                .register(registry)).increment(messages);
        relayedBytes.computeIfAbsent(site, s -> Counter.builder("xsite_relay_relayed_bytes").tag("to_site", s)
                .baseUnit("bytes").register(registry)).increment(bytes);
    }

    /** An envelope could not be delivered: {@code reason} is "site" or "member". */
    void unreachable(String reason) {
        unreachable.computeIfAbsent(reason, r -> Counter.builder("xsite_relay_unreachable").tag("reason", r)
                .register(registry)).increment();
    }

    /**
     * A payload or site certificate was refused by the end-to-end sealing: {@code reason} is one of the few
     * labels of {@link io.xsite.relay.internal.sealing.SealingFailure}.
     */
    void sealingFailure(String reason) {
        sealingFailures.computeIfAbsent(reason, r -> Counter.builder("xsite_relay_sealing_failures")
                .description("payloads from other sites dropped because they did not open (or came in clear), "
                        + "and site certificates refused")
                .tag("reason", r).register(registry)).increment();
    }

    /** {@code resent} more resends; {@code duplicatesTotal} duplicates dropped so far in all. */
    void reliability(long resent, long duplicatesTotal) {
        resends.increment(resent);
        double more = duplicatesTotal - duplicatesDropped.count();
        if (more > 0) {
            duplicatesDropped.increment(more);
        }
    }

    /** {@code messages} sent by this member were reported to its application as not delivered. */
    void undelivered(Loss reason, long messages) {
        undelivered.get(reason).increment(messages);
    }

    void skipped(long messages) {
        skipped.increment(messages);
    }

    /** An envelope of {@code kind} could not be sent to its next hop ({@link UnsentEnvelopes}). */
    void unsent(Envelope.Kind kind, UnsentEnvelopes.Reason reason) {
        String label = kind.name().toLowerCase(Locale.ROOT);
        unsent.computeIfAbsent(label + " " + reason.label, key -> Counter.builder("xsite_relay_unsent_envelopes")
                .description("Envelopes the relay could not hand to their next hop (their senders recover them)")
                .tag("kind", label).tag("reason", reason.label).register(registry)).increment();
    }

    void siteMasterChange() {
        siteMasterChanges.increment();
    }

    void malformed() {
        malformed.increment();
    }

    void rejected(Rejection reason) {
        rejected.get(reason).increment();
    }

    /** The registry, for the admin endpoint's own meters, which {@link #scrape()} then shows too. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
