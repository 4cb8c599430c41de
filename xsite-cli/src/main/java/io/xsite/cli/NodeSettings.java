package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigSchema;
import io.xsite.cli.config.ConfigValues;
import io.xsite.cli.config.EnvironmentAlias;
import io.xsite.cli.config.ValueType;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.member.MemberConfig;
import io.xsite.core.member.TransportKind;
import io.xsite.core.membership.MembershipConfig;
import io.xsite.core.transport.tcp.TcpTransportConfig;
import io.xsite.core.transport.tunnel.RouterHosts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The configuration keys of {@code xsite node}, each read from and written to a {@link MemberConfig}.
 * Defaults are not written here: they come from {@link MemberConfig#DEFAULTS} (and the parts' own
 * {@code DEFAULTS}); what has no key keeps its default. Of the membership timeouts only those that set
 * how fast a crash is detected are keys: roughly suspect timeout + verify timeout + one heartbeat.
 *
 * <p>Besides {@code XSITE_NODE_*}, the environment names of the reference (JGroups) deployment work:
 * {@code SITE}, {@code DNS_QUERY} (discovery {@code dns:NAME}), {@code TUNNEL_INITIAL_HOSTS} (the
 * routers, nothing else) and {@code JGROUPS_EXTERNAL_ADDR}; the {@code XSITE_NODE_*} variable wins when both
 * are set.
 */
final class NodeSettings {
    /** A router list that parses, for errors about keys whose default is no router at all. */
    static final String ROUTERS_EXAMPLE = RouterHosts.EXAMPLE;

    static final ConfigKey<MemberConfig, String> CLUSTER =
            new ConfigKey<>("cluster", MemberValueTypes.NAME, MemberConfig::cluster);
    static final ConfigKey<MemberConfig, String> NAME =
            new ConfigKey<>("name", MemberValueTypes.NAME, MemberConfig::name);
    static final ConfigKey<MemberConfig, Optional<String>> SITE = new ConfigKey<>("site",
            ValueType.optional(MemberValueTypes.NAME), c -> Optional.ofNullable(c.site()), "nyc");
    static final ConfigKey<MemberConfig, TransportKind> TRANSPORT =
            new ConfigKey<>("transport", MemberValueTypes.TRANSPORT, MemberConfig::transport);
    static final ConfigKey<MemberConfig, List<InetSocketAddress>> ROUTERS =
            new ConfigKey<>("routers", MemberValueTypes.ROUTERS, MemberConfig::routers, ROUTERS_EXAMPLE);
    static final ConfigKey<MemberConfig, Optional<DiscoveryConfig>> DISCOVERY = new ConfigKey<>("discovery",
            ValueType.optional(MemberValueTypes.DISCOVERY), c -> Optional.ofNullable(c.discovery()),
            "static:10.0.0.1[7800],10.0.0.2[7800]");
    static final ConfigKey<MemberConfig, String> BIND_ADDRESS = new ConfigKey<>("bind-address", ValueType.HOST,
            c -> c.tcp().bind().getAddress().getHostAddress());
    static final ConfigKey<MemberConfig, Integer> PORT =
            new ConfigKey<>("port", ValueType.PORT, c -> c.tcp().bind().getPort());
    static final ConfigKey<MemberConfig, Optional<InetAddress>> EXTERNAL_ADDRESS = new ConfigKey<>(
            "external-address", ValueType.optional(MemberValueTypes.ADDRESS),
            c -> Optional.ofNullable(c.tcp().externalAddress()), "10.0.0.5");
    static final ConfigKey<MemberConfig, Integer> ADMIN_PORT =
            new ConfigKey<>("admin-port", ValueType.PORT_OR_OFF, MemberConfig::adminPort);
    static final ConfigKey<MemberConfig, Duration> HEARTBEAT_INTERVAL = new ConfigKey<>("heartbeat-interval",
            MemberValueTypes.POSITIVE_DURATION, c -> c.membership().heartbeatInterval());
    static final ConfigKey<MemberConfig, Duration> SUSPECT_TIMEOUT = new ConfigKey<>("suspect-timeout",
            MemberValueTypes.POSITIVE_DURATION, c -> c.membership().suspectTimeout());
    static final ConfigKey<MemberConfig, Duration> VERIFY_TIMEOUT = new ConfigKey<>("verify-timeout",
            MemberValueTypes.POSITIVE_DURATION, c -> c.membership().verifyTimeout());

    /** Every key and the reference deployment's names; environment variables start with {@code XSITE_NODE_}. */
    static final ConfigSchema<MemberConfig> SCHEMA = new ConfigSchema<>("XSITE_NODE_",
            List.of(CLUSTER, NAME, SITE, TRANSPORT, ROUTERS, DISCOVERY, BIND_ADDRESS, PORT, EXTERNAL_ADDRESS,
                    ADMIN_PORT, HEARTBEAT_INTERVAL, SUSPECT_TIMEOUT, VERIFY_TIMEOUT),
            NodeSettings::build,
            List.of(EnvironmentAlias.of("SITE", SITE, "nyc"),
                    new EnvironmentAlias<>("DNS_QUERY", DISCOVERY, MemberValueTypes.DNS_QUERY,
                            "xsite.default.svc.cluster.local"),
                    EnvironmentAlias.of("TUNNEL_INITIAL_HOSTS", ROUTERS, ROUTERS_EXAMPLE),
                    EnvironmentAlias.of("JGROUPS_EXTERNAL_ADDR", EXTERNAL_ADDRESS, "10.0.0.5")));

    private NodeSettings() {
    }

    /** Every key with its value in {@code config}, for the log line at start: {@code cluster=demo, name=A, ...}. */
    static String describe(MemberConfig config) {
        return SCHEMA.keys().stream().map(key -> key.name() + "=" + key.formatFrom(config))
                .collect(Collectors.joining(", "));
    }

    /**
     * The member configuration of {@code v}, on top of {@link MemberConfig#DEFAULTS}.
     *
     * @throws IllegalArgumentException naming the keys whose values do not fit together
     */
    private static MemberConfig build(ConfigValues<MemberConfig> v) {
        Duration heartbeat = v.get(HEARTBEAT_INTERVAL);
        Duration suspect = v.get(SUSPECT_TIMEOUT);
        if (suspect.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException(SUSPECT_TIMEOUT.name() + " (" + format(suspect) + ") must be longer than "
                    + HEARTBEAT_INTERVAL.name() + " (" + format(heartbeat) + ")");
        }
        List<InetSocketAddress> routers = v.get(ROUTERS);
        TransportKind transport = v.get(TRANSPORT);
        DiscoveryConfig discovery = v.get(DISCOVERY).orElse(null);
        if (routers.isEmpty() && (transport == TransportKind.TUNNEL || discovery instanceof DiscoveryConfig.Router)) {
            String needer = transport == TransportKind.TUNNEL ? "transport tunnel" : "discovery router";
            throw new IllegalArgumentException(needer + " needs " + ROUTERS.name() + ", e.g. XSITE_NODE_ROUTERS="
                    + ROUTERS_EXAMPLE);
        }
        InetSocketAddress bind = new InetSocketAddress(v.get(BIND_ADDRESS), v.get(PORT));
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException(BIND_ADDRESS.name() + " " + v.get(BIND_ADDRESS)
                    + " does not resolve to an address of this host");
        }
        MemberConfig d = MemberConfig.DEFAULTS;
        MembershipConfig m = d.membership();
        MembershipConfig membership = new MembershipConfig(heartbeat, suspect, v.get(VERIFY_TIMEOUT), m.joinTimeout(),
                m.discoveryInterval(), m.mergeCheckInterval(), m.viewAckTimeout(), m.leaveTimeout(), m.maxJoinBatch());
        TcpTransportConfig tcp = TcpTransportConfig.listeningOn(bind)
                .withExternalAddress(v.get(EXTERNAL_ADDRESS).orElse(null));
        return new MemberConfig(v.get(CLUSTER), v.get(NAME), v.get(SITE).orElse(null), transport, tcp, routers,
                discovery, membership, d.delivery(), v.get(ADMIN_PORT), d.tickInterval(), d.maxPendingSends(),
                d.siteMasterEligible());
    }

    private static String format(Duration d) {
        return ValueType.DURATION.format(d);
    }
}
