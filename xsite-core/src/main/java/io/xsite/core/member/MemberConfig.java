package io.xsite.core.member;

import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.net.tls.ReloadingTls;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Member} needs. {@link #DEFAULTS} is the only place member defaults are written
 * (the parts' own records hold theirs); tests start from {@link #loopback}.
 *
 * @param cluster      the cluster name; members of other clusters are ignored
 * @param name         this member's logical name (unique within the cluster by convention)
 * @param site         the site this member belongs to; null outside a relay setup
 * @param transport    tcp or tunnel
 * @param tcp          listen address and limits of the tcp transport
 * @param routers      the gossip routers of the tunnel transport (and of {@code router} discovery)
 * @param discovery    how members find each other; null = {@code router} for a tunnel, none for tcp
 *                     (a member that finds nobody forms a view of its own)
 * @param membership   membership timeouts
 * @param delivery     reliable delivery windows and timers
 * @param adminPort    HTTP admin endpoint port; 0 = ephemeral, -1 = none
 * @param tickInterval how often the protocol timers run
 * @param maxPendingSends sends per peer that may wait for room in a full window before send fails
 * @param siteMasterEligible whether this member may become a site master of its site (carried in its
 *                           address as {@link io.xsite.wire.address.UuidAddress#CAN_BECOME_SITE_MASTER})
 * @param tls          this process's TLS material: member connections and router connections use TLS and
 *                     accept only peers whose certificate names this site (routers: a router); null = plain
 *                     TCP (loopback tests, labs, JGroups interop)
 */
public record MemberConfig(String cluster, String name, String site, TransportKind transport, TcpTransportConfig tcp,
                           List<InetSocketAddress> routers, DiscoveryConfig discovery, MembershipConfig membership,
                           DeliveryConfig delivery, int adminPort, Duration tickInterval, int maxPendingSends,
                           boolean siteMasterEligible, ReloadingTls tls) {

    /** The defaults: a tcp member on port 7800 of every interface, admin endpoint on 8080. */
    public static final MemberConfig DEFAULTS = new MemberConfig("xsite", "member", null, TransportKind.TCP,
            TcpTransportConfig.DEFAULTS, List.of(), null, MembershipConfig.DEFAULTS, DeliveryConfig.DEFAULTS,
            8080, Duration.ofMillis(50), 10_000, true, null);

    public MemberConfig {
        requireText(cluster, "cluster");
        requireText(name, "name");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(tcp, "tcp");
        routers = List.copyOf(Objects.requireNonNull(routers, "routers"));
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(delivery, "delivery");
        if (transport == TransportKind.TUNNEL && routers.isEmpty()) {
            throw new IllegalArgumentException("a tunnel member needs at least one router, e.g. router-a[12001]");
        }
        if (adminPort < -1 || adminPort > 0xFFFF) {
            throw new IllegalArgumentException("adminPort out of range (-1 to 65535): " + adminPort);
        }
        if (tickInterval == null || tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("tickInterval must be positive: " + tickInterval);
        }
        if (maxPendingSends < 0) {
            throw new IllegalArgumentException("maxPendingSends must not be negative: " + maxPendingSends);
        }
    }

    /**
     * A tcp member of {@code cluster} on loopback with an ephemeral port, no admin endpoint and the short
     * timeouts of {@link MembershipConfig#loopback()}: for tests and the local demo.
     */
    public static MemberConfig loopback(String cluster, String name) {
        return DEFAULTS.withCluster(cluster).withName(name)
                .withTcp(TcpTransportConfig.listeningOn(new InetSocketAddress("127.0.0.1", 0)))
                .withMembership(MembershipConfig.loopback()).withAdminPort(-1);
    }

    /** This config with another cluster name. */
    public MemberConfig withCluster(String value) {
        return new MemberConfig(value, name, site, transport, tcp, routers, discovery, membership, delivery, adminPort,
                tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config with another logical name. */
    public MemberConfig withName(String value) {
        return new MemberConfig(cluster, value, site, transport, tcp, routers, discovery, membership, delivery,
                adminPort, tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config in {@code value}'s site. */
    public MemberConfig withSite(String value) {
        return new MemberConfig(cluster, name, value, transport, tcp, routers, discovery, membership, delivery,
                adminPort, tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config with the tcp transport configured as {@code value}. */
    public MemberConfig withTcp(TcpTransportConfig value) {
        return new MemberConfig(cluster, name, site, TransportKind.TCP, value, routers, discovery, membership,
                delivery, adminPort, tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config on the tunnel transport through {@code value}. */
    public MemberConfig withTunnel(List<InetSocketAddress> value) {
        return new MemberConfig(cluster, name, site, TransportKind.TUNNEL, tcp, value, discovery, membership,
                delivery, adminPort, tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config with {@code value} as its discovery. */
    public MemberConfig withDiscovery(DiscoveryConfig value) {
        return new MemberConfig(cluster, name, site, transport, tcp, routers, value, membership, delivery, adminPort,
                tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config with other membership timeouts. */
    public MemberConfig withMembership(MembershipConfig value) {
        return new MemberConfig(cluster, name, site, transport, tcp, routers, discovery, value, delivery, adminPort,
                tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config with other delivery settings. */
    public MemberConfig withDelivery(DeliveryConfig value) {
        return new MemberConfig(cluster, name, site, transport, tcp, routers, discovery, membership, value, adminPort,
                tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config with another admin port (-1 = none). */
    public MemberConfig withAdminPort(int value) {
        return new MemberConfig(cluster, name, site, transport, tcp, routers, discovery, membership, delivery, value,
                tickInterval, maxPendingSends, siteMasterEligible, tls);
    }

    /** This config with {@code value} as its eligibility to become site master. */
    public MemberConfig withSiteMasterEligible(boolean value) {
        return new MemberConfig(cluster, name, site, transport, tcp, routers, discovery, membership, delivery,
                adminPort, tickInterval, maxPendingSends, value, tls);
    }

    /** This config with its connections secured by {@code value} (null = plain TCP). */
    public MemberConfig withTls(ReloadingTls value) {
        return new MemberConfig(cluster, name, site, transport, tcp, routers, discovery, membership, delivery,
                adminPort, tickInterval, maxPendingSends, siteMasterEligible, value);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
