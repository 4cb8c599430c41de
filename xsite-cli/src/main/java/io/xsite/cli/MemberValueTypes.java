package io.xsite.cli;

import io.xsite.cli.config.InvalidValueException;
import io.xsite.cli.config.ValueType;
import io.xsite.core.discovery.DiscoveryConfig;
import io.xsite.core.discovery.DnsDiscoveryConfig;
import io.xsite.core.discovery.KubernetesDiscoveryConfig;
import io.xsite.core.member.TransportKind;
import io.xsite.core.transport.tunnel.RouterHosts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the values of a member's configuration are written as text: names, transports, router lists,
 * discovery specs and addresses. The syntax of router lists and discovery specs is xsite-core's
 * ({@link RouterHosts}, {@link DiscoveryConfig#parse}); this class adds the way back to text, for help,
 * examples and the logged configuration.
 */
final class MemberValueTypes {
    /** A cluster, member or site name. */
    static final ValueType<String> NAME = new ValueType<>("a name (letters, digits, '.', '-', '_')",
            MemberValueTypes::parseName, text -> text);
    /** Names, comma-separated, at least one (the bridges of a TLS router). */
    static final ValueType<List<String>> NAMES = new ValueType<>("names, comma-separated (letters, digits, '.', "
            + "'-', '_')", MemberValueTypes::parseNames, names -> String.join(",", names));
    /** {@code tcp} or {@code tunnel}, in any case. */
    static final ValueType<TransportKind> TRANSPORT = new ValueType<>("tcp or tunnel",
            text -> TransportKind.valueOf(text.strip().toUpperCase(Locale.ROOT)),
            kind -> kind.name().toLowerCase(Locale.ROOT));
    /** Gossip routers, {@code host[port]} or {@code host:port}, comma-separated; empty = none. */
    static final ValueType<List<InetSocketAddress>> ROUTERS = new ValueType<>(
            "a router list (host[port] or host:port, comma-separated)", MemberValueTypes::parseRouters,
            routers -> routers.stream().map(RouterHosts::format).collect(Collectors.joining(",")));
    /** A discovery spec ({@link DiscoveryConfig#parse}). */
    static final ValueType<DiscoveryConfig> DISCOVERY = new ValueType<>("a discovery spec",
            MemberValueTypes::parseDiscovery, MemberValueTypes::formatDiscovery);
    /** A DNS name to ask for A records, as the reference deployment's {@code DNS_QUERY} holds it. */
    static final ValueType<Optional<DiscoveryConfig>> DNS_QUERY = ValueType.optional(new ValueType<>(
            "a DNS name (letters, digits, '.', '-', '_')", MemberValueTypes::parseDnsName,
            MemberValueTypes::formatDiscovery));
    /**
     * A label selector for pods, as the reference deployment's {@code KUBERNETES_LABELS} holds it
     * ({@code app=xsite,site=nyc}): discovery {@code kubernetes:SELECTOR}. Never empty: that would list every pod.
     */
    static final ValueType<Optional<DiscoveryConfig>> KUBERNETES_LABELS = new ValueType<>(
            "a label selector (key=value pairs joined by ',')", MemberValueTypes::parseLabels,
            discovery -> discovery.map(MemberValueTypes::formatDiscovery).orElse(""));
    /** A Kubernetes namespace (a DNS label: lower-case letters, digits and '-'). */
    static final ValueType<String> NAMESPACE = new ValueType<>("a namespace (lower-case letters, digits and '-')",
            text -> KubernetesDiscoveryConfig.DEFAULTS.withNamespace(text.strip()).namespace(), text -> text);
    /** Gossip routers as {@link #ROUTERS}, but never empty: for variables that exist only to name routers. */
    static final ValueType<List<InetSocketAddress>> ROUTER_LIST = new ValueType<>(
            "a router list (host[port] or host:port, comma-separated)", MemberValueTypes::parseRouterList,
            ROUTERS::format);
    /** An IP address, or a host name resolved once, at start. */
    static final ValueType<InetAddress> ADDRESS = new ValueType<>("an IP address or a host name that resolves",
            MemberValueTypes::parseAddress, InetAddress::getHostAddress);
    /** A duration longer than zero. */
    static final ValueType<Duration> POSITIVE_DURATION = new ValueType<>(
            "a positive duration (500ms, 30s, 5m, 1h or ISO-8601 like PT30S)", MemberValueTypes::parsePositive,
            ValueType.DURATION::format);

    /** A whole number of at least 1, such as a count of site masters. */
    static final ValueType<Integer> POSITIVE_COUNT = new ValueType<>("a whole number of at least 1",
            MemberValueTypes::parsePositiveCount, String::valueOf);

    private static final Pattern NAME_TEXT = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    /** How xsite-core ends its parse errors: "; expected e.g. ..." (the loader adds an example of its own). */
    private static final String CORE_EXAMPLE_TAIL = "; expected";

    private static List<String> parseNames(String text) {
        List<String> names = Arrays.stream(text.split(",", -1)).map(MemberValueTypes::parseName).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no name");
        }
        return names;
    }

    private MemberValueTypes() {
    }

    private static String parseName(String text) {
        String name = text.strip();
        if (!NAME_TEXT.matcher(name).matches()) {
            throw new IllegalArgumentException("not a name: " + text);
        }
        return name;
    }

    private static List<InetSocketAddress> parseRouters(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        try {
            return RouterHosts.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(problem(e.getMessage(), ""), e);
        }
    }

    private static List<InetSocketAddress> parseRouterList(String text) {
        if (text.isBlank()) {
            // Set but empty: a template or patch lost the value; no routers would silently mean no bridge.
            throw new InvalidValueException("the list is empty", null);
        }
        return parseRouters(text);
    }

    private static Optional<DiscoveryConfig> parseLabels(String text) {
        // A bare selector; "kubernetes:" would also take SELECTOR:port, which KUBERNETES_LABELS never holds.
        if (text.indexOf(':') >= 0) {
            throw new InvalidValueException("':' is not part of a label selector", null);
        }
        return Optional.of(parseDiscovery("kubernetes:" + text));
    }

    private static DiscoveryConfig parseDiscovery(String text) {
        try {
            return DiscoveryConfig.parse(text);
        } catch (IllegalArgumentException e) {
            // The loader quotes the spec already; core's message starts by quoting it too.
            throw new InvalidValueException(problem(e.getMessage(), "discovery spec '" + text.strip() + "': "), e);
        }
    }

    private static DiscoveryConfig parseDnsName(String text) {
        String name = text.strip();
        // DNS_QUERY is a bare name; "dns:" would also take name:port, which the reference deployment never sets.
        if (name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("not a DNS name: " + text);
        }
        return DiscoveryConfig.parse("dns:" + name);
    }

    /** The spec that {@link DiscoveryConfig#parse} reads back as {@code discovery} (DNS server and timeouts aside). */
    static String formatDiscovery(DiscoveryConfig discovery) {
        if (discovery instanceof DiscoveryConfig.Static s) {
            return "static:" + ROUTERS.format(s.hosts());
        }
        if (discovery instanceof DiscoveryConfig.Dns d) {
            DnsDiscoveryConfig dns = d.dns();
            return dns.recordType() == DnsDiscoveryConfig.RecordType.SRV ? "dns+srv:" + dns.name()
                    : "dns:" + dns.name() + ":" + dns.port();
        }
        if (discovery instanceof DiscoveryConfig.Kubernetes k) {
            return "kubernetes:" + k.kubernetes().labelSelector() + ":" + k.kubernetes().port();
        }
        return "router";
    }

    private static InetAddress parseAddress(String text) {
        String host = ValueType.HOST.parse(text);
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host: " + host, e);
        }
    }

    private static Integer parsePositiveCount(String text) {
        int count = Integer.parseInt(text.strip());
        if (count < 1) {
            throw new IllegalArgumentException("less than 1: " + text);
        }
        return count;
    }

    private static Duration parsePositive(String text) {
        Duration d = ValueType.DURATION.parse(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("not positive: " + text);
        }
        return d;
    }

    /** Core's message without the {@code prefix} the loader says already and without core's example. */
    private static String problem(String message, String prefix) {
        String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        int tail = problem.indexOf(CORE_EXAMPLE_TAIL);
        return tail < 0 ? problem : problem.substring(0, tail);
    }
}
