package io.xsite.core.internal.tcp;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportContract;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The transport contract over tcp on loopback, ephemeral ports. */
class TcpTransportContractTest extends TransportContract {

    @Override
    protected Fixture fixture() {
        return new Fixture() {
            @Override
            public Transport create(UuidAddress member, EventLoop loop) {
                return new TcpTransport(TcpTransportConfig.listeningOn(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), CLUSTER, member,
                        new SimpleMeterRegistry(), loop);
            }

            @Override
            public void kill(Member member) {
                member.transport().run(Transport::close);
            }

            @Override
            public void close() {
            }
        };
    }
}
