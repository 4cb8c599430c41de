/**
 * A site member. Exported: the {@code Member} API with its configuration records, listeners and exceptions
 * ({@code member}), the values and events it hands out (messages and replies in {@code delivery}, views in
 * {@code membership}), and the packages whose configuration records a {@code MemberConfig} is built from
 * ({@code discovery}, {@code transport.tcp}, {@code transport.tunnel}). Not exported: the transport contract, the
 * frame header and the implementation under {@code io.xsite.core.internal} (reliable delivery, membership, the tcp
 * and tunnel transports with the router client), which only the member itself and the tools on the class path use.
 */
module io.xsite.core {
    requires transitive io.xsite.net;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.codec.dns;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires micrometer.registry.prometheus;
    requires org.slf4j;
    // kubernetes discovery: optional (DESIGN.md), present only where the application puts the client on its path.
    requires static kubernetes.client.api;
    requires static kubernetes.model.core;

    exports io.xsite.core.member;
    exports io.xsite.core.delivery;
    exports io.xsite.core.membership;
    exports io.xsite.core.discovery;
    exports io.xsite.core.transport.tcp;
    exports io.xsite.core.transport.tunnel;
}
