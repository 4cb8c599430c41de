package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigSchema;
import io.xsite.cli.config.ValueType;
import io.xsite.core.transport.tunnel.RouterClientConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which router {@code xsite router-dump} asks and how long it waits.
 *
 * @param host    the router's host name or IP address
 * @param port    the router's port
 * @param timeout how long the connect and the answer may take together; positive
 * @param tlsDir  TLS material (a tool's certificate from {@code xsite pki tool}) for a router that serves TLS only;
 *                empty = plain TCP
 */
record RouterDumpConfig(String host, int port, Duration timeout, Optional<Path> tlsDir) {
    /** The router a client asks by default (JGroups' {@code localhost[12001]}), answered within 2s. */
    static final RouterDumpConfig DEFAULTS = defaults(RouterClientConfig.DEFAULTS.routers().get(0));

    static final ConfigKey<RouterDumpConfig, String> HOST =
            new ConfigKey<>("host", ValueType.HOST, RouterDumpConfig::host);
    static final ConfigKey<RouterDumpConfig, Integer> PORT =
            new ConfigKey<>("port", ValueType.PORT, RouterDumpConfig::port);
    static final ConfigKey<RouterDumpConfig, Duration> TIMEOUT =
            new ConfigKey<>("timeout", ValueType.DURATION, RouterDumpConfig::timeout);
    static final ConfigKey<RouterDumpConfig, Optional<Path>> TLS_DIR = TlsSettings.directoryKey(RouterDumpConfig::tlsDir);

    /** Keys of {@code xsite router-dump}; environment variables start with {@code XSITE_ROUTER_DUMP_}. */
    static final ConfigSchema<RouterDumpConfig> SCHEMA = new ConfigSchema<>("XSITE_ROUTER_DUMP_",
            List.of(HOST, PORT, TIMEOUT, TLS_DIR),
            v -> new RouterDumpConfig(v.get(HOST), v.get(PORT), v.get(TIMEOUT), v.get(TLS_DIR)));

    RouterDumpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsDir, "tlsDir");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** The router's address, resolved when the query connects. */
    InetSocketAddress router() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static RouterDumpConfig defaults(InetSocketAddress router) {
        return new RouterDumpConfig(router.getHostString(), router.getPort(), Duration.ofSeconds(2), Optional.empty());
    }
}
