package io.xsite.cli.demo;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.xsite.cli.grid.GridService;
import io.xsite.grid.store.GridStore;
import io.xsite.grid.xsite.RelaySiteLink;
import io.xsite.relay.RelayNode;

/**
 * The grid of a demo member running in this JVM, as {@code xsite node} runs it: on the relay node's site member,
 * backed up to the other sites through the relay, served on the member's RESP port (plain, on loopback) and
 * its routes ({@code /grid/status}, {@code /caches/...}) on the node's admin endpoint. Closing stops the grid,
 * not the node.
 */
final class DemoGrid implements AutoCloseable {
    private final GridService service;

    private DemoGrid(GridService service) {
        this.service = service;
    }

    /** Starts {@code member}'s grid on {@code node}, the relay node started for it. */
    static DemoGrid start(DemoMember member, RelayNode node) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("cluster", node.localMember().cluster(), "member", node.name());
        GridStore store = GridStore.start(node.localMember(), member.gridConfig(), registry, RelaySiteLink.of(node));
        return new DemoGrid(GridService.onLoopback(store, member.gridConfig(), registry, member.respAddress(),
                node::addAdminRoute));
    }

    @Override
    public void close() {
        service.close();
    }
}
