package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigSchema;
import io.xsite.cli.config.ValueType;
import io.xsite.core.member.MemberConfig;
import io.xsite.relay.probe.ProbeQuery;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which admin endpoint {@code xsite probe} asks and how long the members have to answer.
 *
 * @param host    the node's host name or IP address
 * @param port    the node's admin port
 * @param timeout how long the node waits for the members' answers; positive, at most
 *                {@link ProbeQuery#MAX_TIMEOUT}
 */
record ProbeConfig(String host, int port, Duration timeout) {
    /** The node on this host at a node's default admin port, its members given 2s to answer. */
    static final ProbeConfig DEFAULTS = new ProbeConfig("localhost", MemberConfig.DEFAULTS.adminPort(),
            ProbeQuery.DEFAULT_TIMEOUT);

    static final ConfigKey<ProbeConfig, String> HOST = new ConfigKey<>("host", ValueType.HOST, ProbeConfig::host);
    static final ConfigKey<ProbeConfig, Integer> PORT = new ConfigKey<>("port", ValueType.PORT, ProbeConfig::port);
    static final ConfigKey<ProbeConfig, Duration> TIMEOUT =
            new ConfigKey<>("timeout", ValueType.DURATION, ProbeConfig::timeout);

    /** Keys of {@code xsite probe}; environment variables start with {@code XSITE_PROBE_}. */
    static final ConfigSchema<ProbeConfig> SCHEMA = new ConfigSchema<>("XSITE_PROBE_",
            List.of(HOST, PORT, TIMEOUT), v -> new ProbeConfig(v.get(HOST), v.get(PORT), v.get(TIMEOUT)));

    ProbeConfig {
        Objects.requireNonNull(host, "host");
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(ProbeQuery.MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be positive and at most "
                    + ProbeQuery.MAX_TIMEOUT.toSeconds() + "s: " + timeout);
        }
    }

    /** {@code host:port}, as messages name the endpoint. */
    String endpoint() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
