/**
 * The wire format shared by members, routers and tools: addresses, bounded frame decoding, and the JGroups 5.x
 * GossipRouter protocol. All of it is exported: it is the contract between processes.
 */
module io.xsite.wire {
    requires transitive io.netty.buffer;
    requires transitive io.netty.codec;
    requires transitive io.netty.common;
    requires transitive io.netty.transport;
    requires transitive org.slf4j;

    exports io.xsite.wire.address;
    exports io.xsite.wire.codec;
    exports io.xsite.wire.gossip;
}
