package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigSchema;
import io.xsite.cli.config.ValueType;
import io.xsite.router.RouterConfig;
import java.time.Duration;
import java.util.List;

/**
 * The configuration keys of {@code xsite router}, one per {@link RouterConfig} component. Defaults are
 * not written here: they come from {@link RouterConfig#DEFAULTS}.
 */
final class RouterSettings {
    static final ConfigKey<RouterConfig, String> BIND_ADDRESS =
            new ConfigKey<>("bind-address", ValueType.HOST, RouterConfig::bindAddress);
    static final ConfigKey<RouterConfig, Integer> PORT =
            new ConfigKey<>("port", ValueType.PORT, RouterConfig::port);
    static final ConfigKey<RouterConfig, Integer> ADMIN_PORT =
            new ConfigKey<>("admin-port", ValueType.PORT_OR_OFF, RouterConfig::adminPort);
    static final ConfigKey<RouterConfig, Integer> MAX_FRAME_BYTES =
            new ConfigKey<>("max-frame-bytes", ValueType.SIZE, RouterConfig::maxFrameBytes);
    static final ConfigKey<RouterConfig, Duration> IDLE_EXPIRY =
            new ConfigKey<>("idle-expiry", ValueType.DURATION, RouterConfig::idleExpiry);
    static final ConfigKey<RouterConfig, Boolean> TCP_KEEPALIVE =
            new ConfigKey<>("tcp-keepalive", ValueType.BOOLEAN, RouterConfig::tcpKeepAlive);
    static final ConfigKey<RouterConfig, Duration> SLOW_RECEIVER_TIMEOUT =
            new ConfigKey<>("slow-receiver-timeout", ValueType.DURATION, RouterConfig::slowReceiverTimeout);
    static final ConfigKey<RouterConfig, Integer> WRITE_BUFFER_LOW_WATER_MARK =
            new ConfigKey<>("write-buffer-low-water-mark", ValueType.SIZE, RouterConfig::writeBufferLowWaterMark);
    static final ConfigKey<RouterConfig, Integer> WRITE_BUFFER_HIGH_WATER_MARK =
            new ConfigKey<>("write-buffer-high-water-mark", ValueType.SIZE, RouterConfig::writeBufferHighWaterMark);
    static final ConfigKey<RouterConfig, Duration> TAKEOVER_AFTER_SILENCE =
            new ConfigKey<>("takeover-after-silence", ValueType.DURATION, RouterConfig::takeoverAfterSilence);

    /** Every key; environment variables start with {@code XSITE_ROUTER_}. */
    static final ConfigSchema<RouterConfig> SCHEMA = new ConfigSchema<>("XSITE_ROUTER_",
            List.of(BIND_ADDRESS, PORT, ADMIN_PORT, MAX_FRAME_BYTES, IDLE_EXPIRY, TCP_KEEPALIVE, SLOW_RECEIVER_TIMEOUT,
                    WRITE_BUFFER_LOW_WATER_MARK, WRITE_BUFFER_HIGH_WATER_MARK, TAKEOVER_AFTER_SILENCE),
            v -> new RouterConfig(v.get(BIND_ADDRESS), v.get(PORT), v.get(ADMIN_PORT), v.get(MAX_FRAME_BYTES),
                    v.get(IDLE_EXPIRY), v.get(TCP_KEEPALIVE), v.get(SLOW_RECEIVER_TIMEOUT),
                    v.get(WRITE_BUFFER_LOW_WATER_MARK), v.get(WRITE_BUFFER_HIGH_WATER_MARK),
                    v.get(TAKEOVER_AFTER_SILENCE)));

    private RouterSettings() {
    }
}
