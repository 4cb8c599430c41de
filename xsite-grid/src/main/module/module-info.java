/**
 * The cross-site replicated key/value store. Exported: the grid API ({@code Grid}, {@code GridCache}, their
 * configuration records and results, in {@code io.xsite.grid}), the store that starts it ({@code store}), the link
 * that backs it up through a relay node ({@code xsite}) and its RESP server with its configuration ({@code resp}).
 * Not exported: the admin routes ({@code http}), which the {@code xsite} command serves.
 */
module io.xsite.grid {
    requires transitive io.xsite.relay;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires micrometer.registry.prometheus;
    requires org.slf4j;

    exports io.xsite.grid;
    exports io.xsite.grid.resp;
    exports io.xsite.grid.store;
    exports io.xsite.grid.xsite;
}
