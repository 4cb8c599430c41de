package io.xsite.it;

import io.netty.channel.EventLoop;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.Transport;
import io.xsite.core.transport.TransportContract;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import io.xsite.core.internal.tunnel.TunnelTransport;
import io.xsite.router.GossipRouter;
import io.xsite.router.RouterConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transport contract over tunnels through real xsite routers. Each member reaches each router
 * through its own {@link TcpRelay}; "kill" cuts the member's relays, as a crashed process's sockets
 * close: the routers see the connections end without an UNREGISTER and SUSPECT the member to the rest
 * of the group, which is how the other members hear that it is gone.
 */
abstract class XsiteRouterTunnelContract extends TransportContract {
    private final int routerCount;

    /** The contract through {@code routerCount} routers, every member registered with all of them. */
    XsiteRouterTunnelContract(int routerCount) {
        this.routerCount = routerCount;
    }

    @Override
    protected Fixture fixture() {
        List<GossipRouter> routers = new ArrayList<>();
        for (int i = 0; i < routerCount; i++) {
            routers.add(GossipRouter.start(RouterConfig.loopback().withPorts(0, -1)));
        }
        Map<UuidAddress, List<TcpRelay>> relays = new ConcurrentHashMap<>();
        return new Fixture() {
            @Override
            public Transport create(UuidAddress member, EventLoop loop) throws Exception {
                List<TcpRelay> own = new ArrayList<>();
                for (GossipRouter router : routers) {
                    own.add(TcpRelay.to(router.address()));
                }
                relays.put(member, own);
                List<InetSocketAddress> via = own.stream().map(TcpRelay::address).toList();
                return new TunnelTransport(RouterClientConfig.of(via, CLUSTER, member, member.toString(), null)
                        .withHeartbeat(Duration.ofMillis(100), Duration.ofSeconds(1))
                        .withReconnectDelays(Duration.ofMillis(20), Duration.ofMillis(200))
                        .withConnectTimeout(Duration.ofSeconds(1)), loop);
            }

            @Override
            public void kill(Member member) {
                relays.get(member.address()).forEach(TcpRelay::cut);
            }

            @Override
            public void close() {
                relays.values().forEach(own -> own.forEach(TcpRelay::close));
                routers.forEach(GossipRouter::close);
            }
        };
    }
}
