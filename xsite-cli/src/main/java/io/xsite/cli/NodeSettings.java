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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The configuration keys of {@code xsite node} (and {@code xsite chat}), each read from and written to a
 * {@link NodeConfig}. Defaults are not written here: they come from {@link NodeConfig#DEFAULTS},
 * {@link MemberConfig#DEFAULTS} (and the parts' own {@code DEFAULTS}); what has no key keeps its default.
 * With a site and routers the node is a relay node: {@code bridge}, {@code max-site-masters} and
 * {@code can-become-site-master} then say how its site is bridged. Of the membership timeouts only those that set
 * how fast a crash is detected are keys: roughly suspect timeout + verify timeout + one heartbeat.
 *
 * <p>Besides {@code XSITE_NODE_*}, the environment names of the reference (JGroups) deployment work:
 * {@code SITE}, {@code DNS_QUERY} (discovery {@code dns:NAME}), {@code KUBERNETES_LABELS} (discovery
 * {@code kubernetes:SELECTOR}), {@code KUBERNETES_NAMESPACE}, {@code TUNNEL_INITIAL_HOSTS} (the routers, nothing
 * else; never empty) and {@code JGROUPS_EXTERNAL_ADDR}; the {@code XSITE_NODE_*} variable wins when both are set.
 * {@code admin.token-file} and {@code tls.dir} are shared with every command ({@link AdminTokenFile},
 * {@link TlsSettings}): {@code XSITE_ADMIN_TOKEN_FILE}, {@code XSITE_TLS_DIR}.
 * {@code kubernetes-namespace} applies to {@code kubernetes} discovery only (a pod may set it from the downward
 * API whatever its discovery); without it that discovery lists the pod's own namespace.
 */
final class NodeSettings {
    /** A router list that parses, for errors about keys whose default is no router at all. */
    static final String ROUTERS_EXAMPLE = RouterHosts.EXAMPLE;

    static final ConfigKey<NodeConfig, String> CLUSTER =
            new ConfigKey<>("cluster", MemberValueTypes.NAME, c -> c.member().cluster());
    static final ConfigKey<NodeConfig, String> NAME =
            new ConfigKey<>("name", MemberValueTypes.NAME, c -> c.member().name());
    static final ConfigKey<NodeConfig, Optional<String>> SITE = new ConfigKey<>("site",
            ValueType.optional(MemberValueTypes.NAME), c -> Optional.ofNullable(c.member().site()), "nyc");
    static final ConfigKey<NodeConfig, TransportKind> TRANSPORT =
            new ConfigKey<>("transport", MemberValueTypes.TRANSPORT, c -> c.member().transport());
    static final ConfigKey<NodeConfig, List<InetSocketAddress>> ROUTERS =
            new ConfigKey<>("routers", MemberValueTypes.ROUTERS, c -> c.member().routers(), ROUTERS_EXAMPLE);
    static final ConfigKey<NodeConfig, Optional<DiscoveryConfig>> DISCOVERY = new ConfigKey<>("discovery",
            ValueType.optional(MemberValueTypes.DISCOVERY), c -> Optional.ofNullable(c.member().discovery()),
            "static:10.0.0.1[7800],10.0.0.2[7800]");
    static final ConfigKey<NodeConfig, Optional<String>> KUBERNETES_NAMESPACE = new ConfigKey<>(
            "kubernetes-namespace", ValueType.optional(MemberValueTypes.NAMESPACE), NodeSettings::kubernetesNamespace,
            "xsite");
    static final ConfigKey<NodeConfig, String> BIND_ADDRESS = new ConfigKey<>("bind-address", ValueType.HOST,
            c -> c.member().tcp().bind().getAddress().getHostAddress());
    static final ConfigKey<NodeConfig, Integer> PORT =
            new ConfigKey<>("port", ValueType.PORT, c -> c.member().tcp().bind().getPort());
    static final ConfigKey<NodeConfig, Optional<InetAddress>> EXTERNAL_ADDRESS = new ConfigKey<>(
            "external-address", ValueType.optional(MemberValueTypes.ADDRESS),
            c -> Optional.ofNullable(c.member().tcp().externalAddress()), "10.0.0.5");
    static final ConfigKey<NodeConfig, Integer> ADMIN_PORT =
            new ConfigKey<>("admin-port", ValueType.PORT_OR_OFF, c -> c.member().adminPort());
    static final ConfigKey<NodeConfig, Duration> HEARTBEAT_INTERVAL = new ConfigKey<>("heartbeat-interval",
            MemberValueTypes.POSITIVE_DURATION, c -> c.member().membership().heartbeatInterval());
    static final ConfigKey<NodeConfig, Duration> SUSPECT_TIMEOUT = new ConfigKey<>("suspect-timeout",
            MemberValueTypes.POSITIVE_DURATION, c -> c.member().membership().suspectTimeout());
    static final ConfigKey<NodeConfig, Duration> VERIFY_TIMEOUT = new ConfigKey<>("verify-timeout",
            MemberValueTypes.POSITIVE_DURATION, c -> c.member().membership().verifyTimeout());

    static final ConfigKey<NodeConfig, String> BRIDGE =
            new ConfigKey<>("bridge", MemberValueTypes.NAME, NodeConfig::bridge);
    static final ConfigKey<NodeConfig, Integer> MAX_SITE_MASTERS =
            new ConfigKey<>("max-site-masters", MemberValueTypes.POSITIVE_COUNT, NodeConfig::maxSiteMasters);
    static final ConfigKey<NodeConfig, Boolean> CAN_BECOME_SITE_MASTER = new ConfigKey<>("can-become-site-master",
            ValueType.BOOLEAN, c -> c.member().siteMasterEligible());

    static final ConfigKey<NodeConfig, Optional<Path>> ADMIN_TOKEN_FILE =
            AdminTokenFile.key(NodeConfig::adminTokenFile);
    static final ConfigKey<NodeConfig, Optional<Path>> TLS_DIR = TlsSettings.directoryKey(NodeConfig::tlsDir);
    static final ConfigKey<NodeConfig, Boolean> INSECURE = TlsSettings.insecureKey(NodeConfig::insecure);

    /**
     * Every key of {@code xsite node}, the grid's ({@link GridSettings}) included, and the reference deployment's
     * names; environment variables start with {@code XSITE_NODE_}.
     */
    static final ConfigSchema<NodeConfig> SCHEMA = schema("XSITE_NODE_", GridSettings.KEYS);

    /**
     * The member's keys without the grid's, and the reference deployment's names, with environment variables
     * under {@code prefix}: for {@code xsite chat} and {@code stream}, which have prefixes of their own, so that
     * they can run in a pod beside a node, and serve no grid.
     */
    static ConfigSchema<NodeConfig> schema(String prefix) {
        return schema(prefix, List.of());
    }

    private static ConfigSchema<NodeConfig> schema(String prefix, List<ConfigKey<NodeConfig, ?>> gridKeys) {
        List<ConfigKey<NodeConfig, ?>> keys = new java.util.ArrayList<>(List.of(CLUSTER, NAME, SITE, TRANSPORT,
                ROUTERS, DISCOVERY, KUBERNETES_NAMESPACE, BIND_ADDRESS, PORT, EXTERNAL_ADDRESS, ADMIN_PORT,
                ADMIN_TOKEN_FILE, TLS_DIR, INSECURE, HEARTBEAT_INTERVAL, SUSPECT_TIMEOUT, VERIFY_TIMEOUT, BRIDGE,
                MAX_SITE_MASTERS, CAN_BECOME_SITE_MASTER));
        keys.addAll(gridKeys);
        return new ConfigSchema<>(prefix, keys,
                values -> build(values, prefix, !gridKeys.isEmpty()),
                List.of(EnvironmentAlias.of("SITE", SITE, "nyc"),
                        new EnvironmentAlias<>("DNS_QUERY", DISCOVERY, MemberValueTypes.DNS_QUERY,
                                "xsite.default.svc.cluster.local"),
                        new EnvironmentAlias<>("KUBERNETES_LABELS", DISCOVERY, MemberValueTypes.KUBERNETES_LABELS,
                                "app.kubernetes.io/name=xsite,xsite.io/site=nyc"),
                        EnvironmentAlias.of("KUBERNETES_NAMESPACE", KUBERNETES_NAMESPACE, "xsite"),
                        new EnvironmentAlias<>("TUNNEL_INITIAL_HOSTS", ROUTERS, MemberValueTypes.ROUTER_LIST,
                                ROUTERS_EXAMPLE),
                        EnvironmentAlias.of("JGROUPS_EXTERNAL_ADDR", EXTERNAL_ADDRESS, "10.0.0.5"),
                        TlsSettings.insecureAlias(INSECURE)));
    }

    private NodeSettings() {
    }

    /** Every key with its value in {@code config}, for the log line at start: {@code cluster=demo, name=A, ...}. */
    static String describe(NodeConfig config) {
        return describe(SCHEMA, config);
    }

    /** Every key of {@code schema} with its value in {@code config}. */
    static String describe(ConfigSchema<NodeConfig> schema, NodeConfig config) {
        return schema.keys().stream().map(key -> key.name() + "=" + key.formatFrom(config))
                .collect(Collectors.joining(", "));
    }

    /**
     * The node configuration of {@code v}, on top of {@link MemberConfig#DEFAULTS}; {@code prefix} names the
     * environment variable in the example of an error; the grid's keys are read when {@code grid} says they are
     * in the schema (else the grid keeps its defaults).
     *
     * @throws IllegalArgumentException naming the keys whose values do not fit together
     */
    private static NodeConfig build(ConfigValues<NodeConfig> v, String prefix, boolean grid) {
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
            throw new IllegalArgumentException(needer + " needs " + ROUTERS.name() + ", e.g. " + ROUTERS.environmentName(prefix) + "="
                    + ROUTERS_EXAMPLE);
        }
        if (!routers.isEmpty() && v.get(SITE).isEmpty() && transport == TransportKind.TCP
                && !(discovery instanceof DiscoveryConfig.Router)) {
            // Routers serve a relay node's bridge, a tunnel or router discovery; a plain tcp member uses none.
            throw new IllegalArgumentException(ROUTERS.name() + " are set but unused: a relay node also needs "
                    + SITE.name() + ", e.g. " + SITE.environmentName(prefix) + "=nyc (or SITE=nyc)");
        }
        if (discovery instanceof DiscoveryConfig.Kubernetes k && v.get(KUBERNETES_NAMESPACE).isPresent()) {
            discovery = new DiscoveryConfig.Kubernetes(k.kubernetes().withNamespace(v.get(KUBERNETES_NAMESPACE).get()));
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
        MemberConfig member = new MemberConfig(v.get(CLUSTER), v.get(NAME), v.get(SITE).orElse(null), transport, tcp,
                routers, discovery, membership, d.delivery(), v.get(ADMIN_PORT), d.tickInterval(), d.maxPendingSends(),
                v.get(CAN_BECOME_SITE_MASTER), null);
        return new NodeConfig(member, v.get(BRIDGE), v.get(MAX_SITE_MASTERS), v.get(ADMIN_TOKEN_FILE),
                v.get(TLS_DIR), v.get(INSECURE), grid ? GridSettings.build(v) : NodeGridConfig.DEFAULTS);
    }

    /** The namespace of a {@code kubernetes} discovery, if it names one; other discoveries have none. */
    private static Optional<String> kubernetesNamespace(NodeConfig config) {
        return config.member().discovery() instanceof DiscoveryConfig.Kubernetes k
                ? Optional.ofNullable(k.kubernetes().namespace()) : Optional.empty();
    }

    private static String format(Duration d) {
        return ValueType.DURATION.format(d);
    }
}
