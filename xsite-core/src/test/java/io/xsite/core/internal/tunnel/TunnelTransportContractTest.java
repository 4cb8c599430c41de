package io.xsite.core.internal.tunnel;

import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportContract;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import java.time.Duration;
import java.util.List;

/**
 * The transport contract over tunnels through a real JGroups 5.5 GossipRouter. A tunnel member leaves
 * its router gracefully (UNREGISTER, no SUSPECT), so "kill" stops the router: every peer becomes
 * unreachable and is reported disconnected.
 */
class TunnelTransportContractTest extends TransportContract {

    @Override
    protected Fixture fixture() throws Exception {
        JGroupsRouter router = JGroupsRouter.start();
        return new Fixture() {
            @Override
            public Transport create(UuidAddress member, EventLoop loop) {
                RouterClientConfig config = RouterClientConfig.of(List.of(router.address()), CLUSTER, member,
                                member.toString(), null)
                        // 2 s of silence, not less: on a loaded host the router or the shared loop stalled past
                        // 400 ms while frames streamed, the client reconnected, and the frames in flight were lost.
                        .withHeartbeat(Duration.ofMillis(100), Duration.ofSeconds(2))
                        .withReconnectDelays(Duration.ofMillis(20), Duration.ofMillis(200))
                        .withConnectTimeout(Duration.ofSeconds(1));
                return new TunnelTransport(config, loop);
            }

            @Override
            public void kill(Member member) {
                router.stop();
            }

            @Override
            public void close() {
                router.close();
            }
        };
    }
}
