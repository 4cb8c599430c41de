/**
 * One cluster across sites. Exported: {@code RelayNode} with {@code RelayConfig}, its listeners, events and
 * exceptions ({@code io.xsite.relay}), and the packages that hold parts of its configuration and of what its
 * listeners are told: the bridge ({@code BridgeConfig}), routing ({@code ForwardRule}), reliability
 * ({@code ReliabilityConfig}, {@code Loss}, {@code Destination}), sealing ({@code SiteSealingKeys}) and the topology
 * of all sites ({@code SiteView}, {@code MemberInfo}, {@code TopologyLimits}). Not exported: the implementation
 * under {@code io.xsite.relay.internal} (bridge members, the envelope codec and routing table, the end-to-end
 * streams, payload sealing, the topology the node keeps), the probe and the live page, which the node serves for
 * itself.
 */
module io.xsite.relay {
    requires transitive io.xsite.core;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires micrometer.registry.prometheus;
    requires org.slf4j;

    exports io.xsite.relay;
    exports io.xsite.relay.bridge;
    exports io.xsite.relay.reliability;
    exports io.xsite.relay.routing;
    exports io.xsite.relay.sealing;
    exports io.xsite.relay.topology;
}
