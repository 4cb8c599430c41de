package io.xsite.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The failover client's meters: {@code xsite_client_switches{from,to,reason}} (one per switch),
 * {@code xsite_client_site_active{site}} (1 for the site in use, 0 for the others),
 * {@code xsite_client_retries{site}} (operations sent again after {@code site} failed) and
 * {@code xsite_client_failures{reason}} ({@code outcome_unknown}, {@code no_site}).
 */
final class ClientMetrics {
    private final MeterRegistry registry;
    private final AtomicReference<String> active;

    ClientMetrics(MeterRegistry registry, List<String> sites, String home) {
        this.registry = registry;
        this.active = new AtomicReference<>(home);
        for (String site : sites) {
            Gauge.builder("xsite_client_site_active", active, a -> site.equals(a.get()) ? 1 : 0).tag("site", site)
                    .description("1 for the site the failover client sends to").register(registry);
        }
    }

    void switched(FailoverEvent event) {
        active.set(event.to());
        Counter.builder("xsite_client_switches").tags("from", event.from(), "to", event.to(), "reason",
                event.reason().name().toLowerCase(java.util.Locale.ROOT)).description("switches from site to site")
                .register(registry).increment();
    }

    void retried(String site) {
        Counter.builder("xsite_client_retries").tag("site", site)
                .description("operations sent again after their site failed").register(registry).increment();
    }

    void failed(String reason) {
        Counter.builder("xsite_client_failures").tag("reason", reason)
                .description("operations failed by the failover client itself").register(registry).increment();
    }
}
