/** The gossip router: {@code GossipRouter} started with a {@code RouterConfig}, and its access rules. */
module io.xsite.router {
    requires transitive io.xsite.net;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires micrometer.registry.prometheus;
    requires org.slf4j;

    exports io.xsite.router;
}
