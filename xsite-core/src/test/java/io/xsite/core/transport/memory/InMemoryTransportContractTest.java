package io.xsite.core.transport.memory;

import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportContract;

/** The transport contract over an automatic in-memory network with perfect links. */
class InMemoryTransportContractTest extends TransportContract {

    @Override
    protected Fixture fixture() {
        InMemoryNetwork network = InMemoryNetwork.automatic(42);
        return new Fixture() {
            @Override
            public Transport create(UuidAddress member, EventLoop loop) {
                return network.transport(member, loop);
            }

            @Override
            public void kill(Member member) {
                network.crash(member.address());
            }

            @Override
            public void close() {
                network.close();
            }
        };
    }
}
