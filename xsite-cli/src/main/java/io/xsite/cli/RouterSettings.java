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
 * file ({@link AdminTokenFile}) and the TLS directory ({@link TlsDirectory}). Defaults are not written here:
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
    static final ConfigKey<RouterProcessConfig, Optional<Path>> TLS_DIR = TlsDirectory.key(RouterProcessConfig::tlsDir);

    /** Every key; environment variables start with {@code XSITE_ROUTER_}, but for the shared keys' own. */
    static final ConfigSchema<RouterProcessConfig> SCHEMA = new ConfigSchema<>("XSITE_ROUTER_",
            List.of(BIND_ADDRESS, PORT, ADMIN_PORT, ADMIN_TOKEN_FILE, TLS_DIR, MAX_FRAME_BYTES, IDLE_EXPIRY,
                    TCP_KEEPALIVE, SLOW_RECEIVER_TIMEOUT, WRITE_BUFFER_LOW_WATER_MARK, WRITE_BUFFER_HIGH_WATER_MARK,
                    TAKEOVER_AFTER_SILENCE),
            v -> new RouterProcessConfig(new RouterConfig(v.get(BIND_ADDRESS), v.get(PORT), v.get(ADMIN_PORT),
                    v.get(MAX_FRAME_BYTES), v.get(IDLE_EXPIRY), v.get(TCP_KEEPALIVE), v.get(SLOW_RECEIVER_TIMEOUT),
                    v.get(WRITE_BUFFER_LOW_WATER_MARK), v.get(WRITE_BUFFER_HIGH_WATER_MARK),
                    v.get(TAKEOVER_AFTER_SILENCE)), v.get(ADMIN_TOKEN_FILE), v.get(TLS_DIR)));

    private RouterSettings() {
    }
}
