package io.xsite.core.member;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.Transport;

/** Builds the transport of a member (production: from its configuration; tests: an in-memory network). */
@FunctionalInterface
interface TransportFactory {

    /**
     * The transport of the member {@code self}.
     *
     * @param registry where the transport counts (connections rejected, for instance)
     * @param loop     the member's event loop: a transport that can should register its connections there
     */
    Transport create(UuidAddress self, MeterRegistry registry, EventLoop loop);
}
