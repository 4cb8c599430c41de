package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigSchema;
import io.xsite.cli.config.ValueType;
import io.xsite.core.member.MemberConfig;
import io.xsite.relay.probe.ProbeQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which admin endpoint {@code xsite probe} asks and how long the members have to answer.
 *
 * @param host    the node's host name or IP address
 * @param port    the node's admin port
 * @param timeout how long the node waits for the members' answers; positive, at most
 *                {@link ProbeQuery#MAX_TIMEOUT}
 * @param adminTokenFile the file of the token the node's admin endpoint asks for; empty = send none
 */
record ProbeConfig(String host, int port, Duration timeout, Optional<Path> adminTokenFile) {
    /** The node on this host at a node's default admin port, its members given 2s to answer, no token. */
    static final ProbeConfig DEFAULTS = new ProbeConfig("localhost", MemberConfig.DEFAULTS.adminPort(),
            ProbeQuery.DEFAULT_TIMEOUT, Optional.empty());

    static final ConfigKey<ProbeConfig, String> HOST = new ConfigKey<>("host", ValueType.HOST, ProbeConfig::host);
    static final ConfigKey<ProbeConfig, Integer> PORT = new ConfigKey<>("port", ValueType.PORT, ProbeConfig::port);
    static final ConfigKey<ProbeConfig, Duration> TIMEOUT =
            new ConfigKey<>("timeout", ValueType.DURATION, ProbeConfig::timeout);
    /** The same setting as the node's, so that a probe in a node's pod sends the node's token. */
    static final ConfigKey<ProbeConfig, Optional<Path>> ADMIN_TOKEN_FILE =
            AdminTokenFile.key(ProbeConfig::adminTokenFile);

    /** Keys of {@code xsite probe}; environment variables start with {@code XSITE_PROBE_}. */
    static final ConfigSchema<ProbeConfig> SCHEMA = new ConfigSchema<>("XSITE_PROBE_",
            List.of(HOST, PORT, TIMEOUT, ADMIN_TOKEN_FILE),
            v -> new ProbeConfig(v.get(HOST), v.get(PORT), v.get(TIMEOUT), v.get(ADMIN_TOKEN_FILE)));

    ProbeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminTokenFile, "adminTokenFile");
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
