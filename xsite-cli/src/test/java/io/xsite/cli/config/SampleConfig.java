package io.xsite.cli.config;

import java.time.Duration;
import java.util.List;

/** A configuration record for the loader's tests, shaped like the real ones. */
record SampleConfig(String host, int port, int maxFrameBytes, Duration idleExpiry, boolean tcpKeepalive) {
    static final SampleConfig DEFAULTS = new SampleConfig("0.0.0.0", 12001, 8 << 20, Duration.ofSeconds(30), true);

    static final ConfigKey<SampleConfig, String> HOST = new ConfigKey<>("host", ValueType.HOST, SampleConfig::host);
    static final ConfigKey<SampleConfig, Integer> PORT = new ConfigKey<>("port", ValueType.PORT, SampleConfig::port);
    static final ConfigKey<SampleConfig, Integer> MAX_FRAME_BYTES =
            new ConfigKey<>("max-frame-bytes", ValueType.SIZE, SampleConfig::maxFrameBytes);
    static final ConfigKey<SampleConfig, Duration> IDLE_EXPIRY =
            new ConfigKey<>("idle-expiry", ValueType.DURATION, SampleConfig::idleExpiry);
    static final ConfigKey<SampleConfig, Boolean> TCP_KEEPALIVE =
            new ConfigKey<>("tcp-keepalive", ValueType.BOOLEAN, SampleConfig::tcpKeepalive);

    static final ConfigSchema<SampleConfig> SCHEMA = new ConfigSchema<>("XSITE_SAMPLE_",
            List.of(HOST, PORT, MAX_FRAME_BYTES, IDLE_EXPIRY, TCP_KEEPALIVE),
            v -> new SampleConfig(v.get(HOST), v.get(PORT), v.get(MAX_FRAME_BYTES), v.get(IDLE_EXPIRY),
                    v.get(TCP_KEEPALIVE)));

    SampleConfig {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("max-frame-bytes must be positive: " + maxFrameBytes);
        }
    }
}
