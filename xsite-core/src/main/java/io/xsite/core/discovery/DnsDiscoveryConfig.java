package io.xsite.core.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link DnsDiscovery} asks and whom. {@link #DEFAULTS} is the only place defaults are written; build
 * a config with {@link #a} or {@link #srv} and adjust it with the {@code with...} methods.
 *
 * @param name         the name to query: a headless service such as {@code nyc.default.svc.cluster.local}
 *                     for A records, {@code _xsite._tcp.nyc.default.svc.cluster.local} for SRV records;
 *                     a name without a trailing dot is also tried with the system's search domains
 * @param recordType   which records to ask for
 * @param port         the port members listen on, for A records (which carry no port); unused for SRV
 * @param server       the DNS server to ask; null = the system's resolvers ({@code /etc/resolv.conf})
 * @param queryTimeout how long one DNS query may take before it counts as failed
 */
public record DnsDiscoveryConfig(String name, RecordType recordType, int port, InetSocketAddress server,
                                 Duration queryTimeout) {

    /** The kind of records a headless service is asked for. */
    public enum RecordType {
        /** The addresses of the name (A records; AAAA too where the JVM prefers or has IPv6), at {@code port}. */
        A,
        /** SRV records: each target's addresses at the port of its record. */
        SRV
    }

    /** The defaults; the name is a placeholder that {@link #a} and {@link #srv} replace. */
    public static final DnsDiscoveryConfig DEFAULTS = new DnsDiscoveryConfig("xsite", RecordType.A, 7800, null,
            Duration.ofSeconds(2));

    public DnsDiscoveryConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank; e.g. nyc.default.svc.cluster.local");
        }
        Objects.requireNonNull(recordType, "recordType");
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is not from 1 to 65535");
        }
        if (server != null && server.isUnresolved()) {
            throw new IllegalArgumentException("DNS server " + server + " must be an IP address, not a name");
        }
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive: " + queryTimeout);
        }
    }

    /** The A records of {@code name}, each at {@code port}, asked of the system's resolvers. */
    public static DnsDiscoveryConfig a(String name, int port) {
        return new DnsDiscoveryConfig(name, RecordType.A, port, DEFAULTS.server, DEFAULTS.queryTimeout);
    }

    /** The SRV records of {@code name}, asked of the system's resolvers. */
    public static DnsDiscoveryConfig srv(String name) {
        return new DnsDiscoveryConfig(name, RecordType.SRV, DEFAULTS.port, DEFAULTS.server, DEFAULTS.queryTimeout);
    }

    /** This config asking {@code server} (an IP address and port) instead. */
    public DnsDiscoveryConfig withServer(InetSocketAddress server) {
        return new DnsDiscoveryConfig(name, recordType, port, server, queryTimeout);
    }

    /** This config with another query timeout. */
    public DnsDiscoveryConfig withQueryTimeout(Duration queryTimeout) {
        return new DnsDiscoveryConfig(name, recordType, port, server, queryTimeout);
    }
}
