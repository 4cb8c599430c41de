package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigSchema;
import io.xsite.cli.config.ValueType;
import io.xsite.router.RouterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The configuration keys of {@code xsite router}: one per {@link RouterConfig} component, and the admin token
 * file ({@link AdminTokenFile}) and the TLS directory ({@link TlsSettings}). Defaults are not written here:
 * they come from {@link RouterConfig#DEFAULTS}.
 */
final class RouterSettings {
    static final ConfigKey<RouterProcessConfig, String> BIND_ADDRESS =
            new ConfigKey<>("bind-address", ValueType.HOST, c -> c.router().bindAddress());
    static final ConfigKey<RouterProcessConfig, Integer> PORT =
            new ConfigKey<>("port", ValueType.PORT, c -> c.router().port());
    static final ConfigKey<RouterProcessConfig, Integer> ADMIN_PORT =
            new ConfigKey<>("admin-port", ValueType.PORT_OR_OFF, c -> c.router().adminPort());
    static final ConfigKey<RouterProcessConfig, Integer> MAX_FRAME_BYTES =
            new ConfigKey<>("max-frame-bytes", ValueType.SIZE, c -> c.router().maxFrameBytes());
    static final ConfigKey<RouterProcessConfig, Duration> IDLE_EXPIRY =
            new ConfigKey<>("idle-expiry", ValueType.DURATION, c -> c.router().idleExpiry());
    static final ConfigKey<RouterProcessConfig, Boolean> TCP_KEEPALIVE =
            new ConfigKey<>("tcp-keepalive", ValueType.BOOLEAN, c -> c.router().tcpKeepAlive());
    static final ConfigKey<RouterProcessConfig, Duration> SLOW_RECEIVER_TIMEOUT =
            new ConfigKey<>("slow-receiver-timeout", ValueType.DURATION, c -> c.router().slowReceiverTimeout());
    static final ConfigKey<RouterProcessConfig, Integer> WRITE_BUFFER_LOW_WATER_MARK =
            new ConfigKey<>("write-buffer-low-water-mark", ValueType.SIZE, c -> c.router().writeBufferLowWaterMark());
    static final ConfigKey<RouterProcessConfig, Integer> WRITE_BUFFER_HIGH_WATER_MARK =
            new ConfigKey<>("write-buffer-high-water-mark", ValueType.SIZE, c -> c.router().writeBufferHighWaterMark());
    static final ConfigKey<RouterProcessConfig, Duration> TAKEOVER_AFTER_SILENCE =
            new ConfigKey<>("takeover-after-silence", ValueType.DURATION, c -> c.router().takeoverAfterSilence());

    static final ConfigKey<RouterProcessConfig, Optional<Path>> ADMIN_TOKEN_FILE =
            AdminTokenFile.key(RouterProcessConfig::adminTokenFile);
    static final ConfigKey<RouterProcessConfig, Integer> MAX_CONNECTIONS = new ConfigKey<>("max-connections",
            MemberValueTypes.POSITIVE_COUNT, c -> c.router().maxConnections());
    static final ConfigKey<RouterProcessConfig, Integer> MAX_CONNECTIONS_PER_ADDRESS = new ConfigKey<>(
            "max-connections-per-address", MemberValueTypes.POSITIVE_COUNT, c -> c.router().maxConnectionsPerAddress());
    static final ConfigKey<RouterProcessConfig, Integer> MAX_REGISTRATIONS_PER_CONNECTION = new ConfigKey<>(
            "max-registrations-per-connection", MemberValueTypes.POSITIVE_COUNT,
            c -> c.router().maxRegistrationsPerConnection());
    static final ConfigKey<RouterProcessConfig, Integer> MAX_NAME_LENGTH = new ConfigKey<>("max-name-length",
            MemberValueTypes.POSITIVE_COUNT, c -> c.router().maxNameLength());
    static final ConfigKey<RouterProcessConfig, Duration> FIRST_FRAME_TIMEOUT = new ConfigKey<>(
            "first-frame-timeout", MemberValueTypes.POSITIVE_DURATION, c -> c.router().firstFrameTimeout());
    static final ConfigKey<RouterProcessConfig, Integer> MAX_CONTROL_FRAME_BYTES = new ConfigKey<>(
            "max-control-frame-bytes", ValueType.SIZE, c -> c.router().maxControlFrameBytes());
    /** A count of event-loop threads; 0 means one per processor. */
    private static final ValueType<Integer> THREADS = new ValueType<>(
            "a whole number of at least 0 (0 = one per processor)", RouterSettings::parseThreads, String::valueOf);
    static final ConfigKey<RouterProcessConfig, Integer> IO_THREADS = new ConfigKey<>("io-threads", THREADS,
            c -> c.router().ioThreads());

    static final ConfigKey<RouterProcessConfig, Optional<Path>> TLS_DIR =
            TlsSettings.directoryKey(RouterProcessConfig::tlsDir);
    static final ConfigKey<RouterProcessConfig, Boolean> INSECURE =
            TlsSettings.insecureKey(RouterProcessConfig::insecure);
    static final ConfigKey<RouterProcessConfig, List<String>> BRIDGES = new ConfigKey<>("bridges",
            MemberValueTypes.NAMES, RouterProcessConfig::bridges);

    /** Every key; environment variables start with {@code XSITE_ROUTER_}, but for the shared keys' own. */
    static final ConfigSchema<RouterProcessConfig> SCHEMA = new ConfigSchema<>("XSITE_ROUTER_",
            List.of(BIND_ADDRESS, PORT, ADMIN_PORT, ADMIN_TOKEN_FILE, TLS_DIR, INSECURE, BRIDGES, MAX_FRAME_BYTES,
                    IDLE_EXPIRY, TCP_KEEPALIVE, SLOW_RECEIVER_TIMEOUT, WRITE_BUFFER_LOW_WATER_MARK,
                    WRITE_BUFFER_HIGH_WATER_MARK, TAKEOVER_AFTER_SILENCE, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS,
                    MAX_REGISTRATIONS_PER_CONNECTION, MAX_NAME_LENGTH, FIRST_FRAME_TIMEOUT, MAX_CONTROL_FRAME_BYTES,
                    IO_THREADS),
            v -> new RouterProcessConfig(new RouterConfig(v.get(BIND_ADDRESS), v.get(PORT), v.get(ADMIN_PORT),
                    v.get(MAX_FRAME_BYTES), v.get(IDLE_EXPIRY), v.get(TCP_KEEPALIVE), v.get(SLOW_RECEIVER_TIMEOUT),
                    v.get(WRITE_BUFFER_LOW_WATER_MARK), v.get(WRITE_BUFFER_HIGH_WATER_MARK),
                    v.get(TAKEOVER_AFTER_SILENCE), v.get(MAX_CONNECTIONS), v.get(MAX_CONNECTIONS_PER_ADDRESS),
                    v.get(MAX_REGISTRATIONS_PER_CONNECTION), v.get(MAX_NAME_LENGTH), v.get(FIRST_FRAME_TIMEOUT),
                    v.get(MAX_CONTROL_FRAME_BYTES), v.get(IO_THREADS)), v.get(ADMIN_TOKEN_FILE), v.get(TLS_DIR),
                    v.get(INSECURE),
                    v.get(BRIDGES)),
            List.of(TlsSettings.insecureAlias(INSECURE)));

    private RouterSettings() {
    }

    private static Integer parseThreads(String text) {
        int threads = Integer.parseInt(text.strip());
        if (threads < 0) {
            throw new IllegalArgumentException("negative: " + text);
        }
        return threads;
    }
}
