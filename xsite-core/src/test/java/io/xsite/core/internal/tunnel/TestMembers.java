package io.xsite.core.internal.tunnel;

import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Client configs with timings short enough for tests: 100 ms heartbeats, 400 ms silence, fast reconnects. */
final class TestMembers {
    static final String GROUP = "bridge";

    private TestMembers() {
    }

    /** A bridge-style member {@code _name:site} of {@link #GROUP} registering with {@code routers}. */
    static RouterClientConfig member(String name, String site, List<InetSocketAddress> routers) {
        UuidAddress self = UuidAddress.siteUuid(UUID.randomUUID(), "_" + name, site, 0);
        return RouterClientConfig.of(routers, GROUP, self, self.toString(),
                        new IpAddress(InetAddress.getLoopbackAddress(), 7800))
                .withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(400))
                .withReconnectDelays(Duration.ofMillis(20), Duration.ofMillis(200))
                .withConnectTimeout(Duration.ofSeconds(1));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
