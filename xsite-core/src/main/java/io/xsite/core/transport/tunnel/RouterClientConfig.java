package io.xsite.core.transport.tunnel;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.net.tls.ConnectionSecurity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@code RouterClient} connects, registers and keeps its router connections alive.
 * {@link #DEFAULTS} is the only place defaults are written; build a member's config with
 * {@link #of} and adjust timings with the {@code with...} methods.
 *
 * @param routers                  the routers to register with, in preference order; at least one
 * @param group                    the group (cluster name) to register in, e.g. {@code bridge}
 * @param self                     this member's logical address, usually a {@link UuidAddress}
 * @param logicalName              this member's logical name sent in REGISTER (e.g. {@code _nyc1:nyc}); nullable
 * @param physical                 the physical address advertised in REGISTER, diagnostic only; nullable
 * @param heartbeatInterval        how often a HEARTBEAT goes to each connected router
 * @param heartbeatTimeout         a router from which no frame arrived for this long is dropped and reconnected;
 *                                 longer than {@code heartbeatInterval}
 * @param reconnectInitialDelay    the first reconnect delay after a router is lost or a connect fails
 * @param reconnectMaxDelay        the cap of the exponentially growing (jittered) reconnect delay
 * @param connectTimeout           how long one TCP connect attempt may take
 * @param maxFrameBytes            the largest frame body accepted from a router; a larger one closes the connection
 * @param writeBufferHighWaterMark bytes queued on one router connection above which it takes no new messages
 *                                 (the low-water mark is half of it)
 * @param security                 what secures each router connection: plain, or TLS checking that the peer is a router
 */
public record RouterClientConfig(List<InetSocketAddress> routers, String group, Address self, String logicalName,
                                 IpAddress physical, Duration heartbeatInterval, Duration heartbeatTimeout,
                                 Duration reconnectInitialDelay, Duration reconnectMaxDelay, Duration connectTimeout,
                                 int maxFrameBytes, int writeBufferHighWaterMark, ConnectionSecurity security) {

    /**
     * The defaults. Routers, group and self are placeholders (JGroups' sample {@code localhost[12001]}, a
     * group named {@code cluster}, the all-zero UUID) that {@link #of} replaces.
     */
    public static final RouterClientConfig DEFAULTS = new RouterClientConfig(
            List.of(InetSocketAddress.createUnresolved("localhost", 12001)), "cluster",
            UuidAddress.uuid(new UUID(0, 0)), null, null, Duration.ofSeconds(2), Duration.ofSeconds(8),
            Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(3), 8 << 20, 1 << 20,
            ConnectionSecurity.PLAIN);

    public RouterClientConfig {
        routers = List.copyOf(Objects.requireNonNull(routers, "routers"));
        if (routers.isEmpty()) {
            throw new IllegalArgumentException("routers: at least one router is needed, e.g. " + RouterHosts.EXAMPLE);
        }
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(security, "security");
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("heartbeatTimeout", heartbeatTimeout);
        requirePositive("reconnectInitialDelay", reconnectInitialDelay);
        requirePositive("reconnectMaxDelay", reconnectMaxDelay);
        requirePositive("connectTimeout", connectTimeout);
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeatTimeout (" + heartbeatTimeout
                    + ") must be longer than heartbeatInterval (" + heartbeatInterval + ")");
        }
        if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay (" + reconnectMaxDelay
                    + ") must not be shorter than reconnectInitialDelay (" + reconnectInitialDelay + ")");
        }
        if (maxFrameBytes <= 0 || writeBufferHighWaterMark <= 1) {
            throw new IllegalArgumentException("maxFrameBytes (" + maxFrameBytes + ") and writeBufferHighWaterMark ("
                    + writeBufferHighWaterMark + ") must be positive");
        }
    }

    /** A member's config with the default timings and limits. */
    public static RouterClientConfig of(List<InetSocketAddress> routers, String group, Address self,
                                        String logicalName, IpAddress physical) {
        RouterClientConfig d = DEFAULTS;
        return new RouterClientConfig(routers, group, self, logicalName, physical, d.heartbeatInterval,
                d.heartbeatTimeout, d.reconnectInitialDelay, d.reconnectMaxDelay, d.connectTimeout, d.maxFrameBytes,
                d.writeBufferHighWaterMark, d.security);
    }

    /** This config with other heartbeat timings. */
    public RouterClientConfig withHeartbeat(Duration interval, Duration timeout) {
        return new RouterClientConfig(routers, group, self, logicalName, physical, interval, timeout,
                reconnectInitialDelay, reconnectMaxDelay, connectTimeout, maxFrameBytes, writeBufferHighWaterMark, security);
    }

    /** This config with other reconnect delays. */
    public RouterClientConfig withReconnectDelays(Duration initial, Duration max) {
        return new RouterClientConfig(routers, group, self, logicalName, physical, heartbeatInterval,
                heartbeatTimeout, initial, max, connectTimeout, maxFrameBytes, writeBufferHighWaterMark, security);
    }

    /** This config with another connect timeout. */
    public RouterClientConfig withConnectTimeout(Duration timeout) {
        return new RouterClientConfig(routers, group, self, logicalName, physical, heartbeatInterval,
                heartbeatTimeout, reconnectInitialDelay, reconnectMaxDelay, timeout, maxFrameBytes,
                writeBufferHighWaterMark, security);
    }

    /** This config with its router connections secured by {@code value}. */
    public RouterClientConfig withSecurity(ConnectionSecurity value) {
        return new RouterClientConfig(routers, group, self, logicalName, physical, heartbeatInterval,
                heartbeatTimeout, reconnectInitialDelay, reconnectMaxDelay, connectTimeout, maxFrameBytes,
                writeBufferHighWaterMark, value);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
