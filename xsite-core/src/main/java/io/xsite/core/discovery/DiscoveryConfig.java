package io.xsite.core.discovery;

import io.xsite.core.transport.tunnel.RouterHosts;
import io.xsite.net.tls.ConnectionSecurity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which discovery a member uses, parsed from a one-line spec (flag, YAML value or environment variable):
 * <ul>
 *   <li>{@code static:h1:7800,h2[7800]}: a fixed host list ({@link StaticDiscovery});</li>
 *   <li>{@code dns:nyc.default.svc.cluster.local} or {@code dns:name:port}: A records of a headless service,
 *       at the given port or {@link DnsDiscoveryConfig#DEFAULTS}' ({@link DnsDiscovery});</li>
 *   <li>{@code dns+srv:_xsite._tcp.nyc.default.svc.cluster.local}: SRV records, which carry their ports;</li>
 *   <li>{@code router}: the members registered on the member's routers ({@link RouterDiscovery});</li>
 *   <li>{@code kubernetes:app=xsite,site=nyc} or {@code kubernetes:SELECTOR:port}: the pods matching a label
 *       selector in the pod's own namespace, through the Kubernetes API ({@link KubernetesDiscovery}).</li>
 * </ul>
 * The scheme is case-insensitive. A config builds its discovery with {@link #create}.
 */
public sealed interface DiscoveryConfig permits DiscoveryConfig.Static, DiscoveryConfig.Dns,
        DiscoveryConfig.Router, DiscoveryConfig.Kubernetes {

    /** Specs that parse, quoted in every error. */
    String EXAMPLES = "static:h1:7800,h2[7800] | dns:nyc.default.svc.cluster.local[:7800]"
            + " | dns+srv:_xsite._tcp.nyc.default.svc.cluster.local | router | kubernetes:app=xsite,site=nyc[:7800]";

    /**
     * Builds the discovery this config describes; the caller closes it.
     *
     * @param cluster the cluster name (the group members register under on routers)
     * @param routers the member's routers; used only by {@code router}, which needs at least one
     * @param self    this member's listen address, which static discovery leaves out; nullable
     */
    Discovery create(String cluster, List<InetSocketAddress> routers, InetSocketAddress self);

    /**
     * As {@link #create(String, List, InetSocketAddress)}, with connections to routers (router discovery)
     * secured by {@code routerSecurity}; the other discoveries open none.
     */
    default Discovery create(String cluster, List<InetSocketAddress> routers, InetSocketAddress self,
                             ConnectionSecurity routerSecurity) {
        return create(cluster, routers, self);
    }

    /**
     * The config a spec describes.
     *
     * @throws IllegalArgumentException quoting the spec, naming the problem and giving {@link #EXAMPLES}
     */
    static DiscoveryConfig parse(String spec) {
        String text = spec == null ? "" : spec.strip();
        int colon = text.indexOf(':');
        String scheme = (colon < 0 ? text : text.substring(0, colon)).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? null : text.substring(colon + 1).strip();
        try {
            return switch (scheme) {
                case "static" -> new Static(RouterHosts.parse(required(rest, "a host list")));
                case "dns" -> new Dns(parseA(required(rest, "a DNS name")));
                case "dns+srv" -> new Dns(DnsDiscoveryConfig.srv(dnsName(required(rest, "an SRV name"))));
                case "kubernetes" -> new Kubernetes(parseKubernetes(required(rest, "a label selector")));
                case "router" -> {
                    if (rest != null) {
                        throw new IllegalArgumentException("'router' takes nothing after it; the routers come from"
                                + " the member's router list");
                    }
                    yield Router.DEFAULTS;
                }
                default -> throw new IllegalArgumentException(text.isEmpty() ? "the spec is empty"
                        : "unknown kind '" + scheme + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("discovery spec '" + text + "': " + e.getMessage()
                    + "; expected one of " + EXAMPLES, e);
        }
    }

    private static String required(String rest, String what) {
        if (rest == null || rest.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing after the ':'");
        }
        return rest;
    }

    private static DnsDiscoveryConfig parseA(String nameAndPort) {
        int colon = nameAndPort.lastIndexOf(':');
        if (colon < 0) {
            return DnsDiscoveryConfig.a(dnsName(nameAndPort), DnsDiscoveryConfig.DEFAULTS.port());
        }
        return DnsDiscoveryConfig.a(dnsName(nameAndPort.substring(0, colon)), port(nameAndPort.substring(colon + 1)));
    }

    /** {@code SELECTOR} or {@code SELECTOR:port}: a label selector holds no ':', so a last ':digits' is the port. */
    private static KubernetesDiscoveryConfig parseKubernetes(String selectorAndPort) {
        int colon = selectorAndPort.lastIndexOf(':');
        if (colon < 0) {
            return KubernetesDiscoveryConfig.of(selectorAndPort, KubernetesDiscoveryConfig.DEFAULTS.port());
        }
        return KubernetesDiscoveryConfig.of(selectorAndPort.substring(0, colon),
                port(selectorAndPort.substring(colon + 1)));
    }

    /** The port after a spec's last ':'; the records check its range. */
    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the port '" + text + "' is not a number from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    private static String dnsName(String name) {
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-'
                || c == '_')) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name (letters, digits, '.', '-', '_')");
        }
        return name;
    }

    /**
     * {@code static}: a fixed host list.
     *
     * @param hosts where members listen, unresolved as {@link RouterHosts#parse} returns them; at least one
     */
    record Static(List<InetSocketAddress> hosts) implements DiscoveryConfig {
        public Static {
            hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("the host list is empty");
            }
        }

        @Override
        public Discovery create(String cluster, List<InetSocketAddress> routers, InetSocketAddress self) {
            return new StaticDiscovery(hosts, self);
        }
    }

    /**
     * {@code dns} and {@code dns+srv}: the records of a headless service.
     *
     * @param dns what to ask and whom
     */
    record Dns(DnsDiscoveryConfig dns) implements DiscoveryConfig {
        public Dns {
            Objects.requireNonNull(dns, "dns");
        }

        @Override
        public Discovery create(String cluster, List<InetSocketAddress> routers, InetSocketAddress self) {
            return new DnsDiscovery(dns);
        }
    }

    /**
     * {@code router}: the members registered under the cluster name on the member's routers.
     *
     * @param queryTimeout how long one router may take to connect and answer
     */
    record Router(Duration queryTimeout) implements DiscoveryConfig {
        /** The defaults: one second per router, short because an empty group costs the full timeout. */
        public static final Router DEFAULTS = new Router(Duration.ofSeconds(1));

        public Router {
            Objects.requireNonNull(queryTimeout, "queryTimeout");
            if (queryTimeout.isNegative() || queryTimeout.isZero()) {
                throw new IllegalArgumentException("queryTimeout must be positive: " + queryTimeout);
            }
        }

        @Override
        public Discovery create(String cluster, List<InetSocketAddress> routers, InetSocketAddress self) {
            return create(cluster, routers, self, ConnectionSecurity.PLAIN);
        }

        @Override
        public Discovery create(String cluster, List<InetSocketAddress> routers, InetSocketAddress self,
                                ConnectionSecurity routerSecurity) {
            if (routers == null || routers.isEmpty()) {
                throw new IllegalArgumentException("discovery 'router' needs the member's router list, e.g. "
                        + "router-a[12001],router-b[12001]");
            }
            return new RouterDiscovery(cluster, routers, queryTimeout, routerSecurity);
        }
    }

    /**
     * {@code kubernetes}: the pods matching a label selector, through the Kubernetes API.
     *
     * @param kubernetes what to ask the API for
     */
    record Kubernetes(KubernetesDiscoveryConfig kubernetes) implements DiscoveryConfig {
        public Kubernetes {
            Objects.requireNonNull(kubernetes, "kubernetes");
        }

        /** Asks the API server of the cluster this process runs in, with the pod's service account. */
        @Override
        public Discovery create(String cluster, List<InetSocketAddress> routers, InetSocketAddress self) {
            return KubernetesDiscovery.inCluster(kubernetes);
        }
    }
}
