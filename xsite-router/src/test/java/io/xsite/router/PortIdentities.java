package io.xsite.router;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An identity factory for tests on loopback, where every client has the same source address: a client
 * port the test named gets that name as its identity, every other connection is {@link #TRUSTED}.
 */
final class PortIdentities implements IdentityFactory {
    static final ClientIdentity TRUSTED = new Named("trusted");

    private final Map<Integer, ClientIdentity> byPort = new ConcurrentHashMap<>();

    /** Connects a raw client to {@code router} as the identity {@code name}. */
    TestClient connect(InetSocketAddress router, String name) {
        return TestClient.connect(router, port -> byPort.put(port, new Named(name)));
    }

    @Override
    public ClientIdentity identify(Channel channel) {
        return byPort.getOrDefault(((InetSocketAddress) channel.remoteAddress()).getPort(), TRUSTED);
    }

    /** An identity that is just a name. */
    record Named(String name) implements ClientIdentity {
    }
}
