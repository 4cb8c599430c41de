package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigSchema;
import io.xsite.cli.config.ValueType;
import io.xsite.core.member.MemberConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which node's admin endpoint {@code xsite grid} asks.
 *
 * @param host           the node's host name or IP address
 * @param port           the node's admin port
 * @param adminTokenFile the file of the token the node's admin endpoint asks for; empty = send none
 */
record GridClientConfig(String host, int port, Optional<Path> adminTokenFile) {
    /** The node on this host at a node's default admin port, no token. */
    static final GridClientConfig DEFAULTS = new GridClientConfig("localhost", MemberConfig.DEFAULTS.adminPort(),
            Optional.empty());

    static final ConfigKey<GridClientConfig, String> HOST =
            new ConfigKey<>("host", ValueType.HOST, GridClientConfig::host);
    static final ConfigKey<GridClientConfig, Integer> PORT =
            new ConfigKey<>("port", ValueType.PORT, GridClientConfig::port);
    /** The same setting as the node's, so that {@code xsite grid} in a node's pod sends the node's token. */
    static final ConfigKey<GridClientConfig, Optional<Path>> ADMIN_TOKEN_FILE =
            AdminTokenFile.key(GridClientConfig::adminTokenFile);

    /** Keys of {@code xsite grid}; environment variables start with {@code XSITE_GRID_CLIENT_}. */
    static final ConfigSchema<GridClientConfig> SCHEMA = new ConfigSchema<>("XSITE_GRID_CLIENT_",
            List.of(HOST, PORT, ADMIN_TOKEN_FILE),
            v -> new GridClientConfig(v.get(HOST), v.get(PORT), v.get(ADMIN_TOKEN_FILE)));

    GridClientConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminTokenFile, "adminTokenFile");
    }

    /** {@code host:port}, as messages name the endpoint. */
    String endpoint() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
