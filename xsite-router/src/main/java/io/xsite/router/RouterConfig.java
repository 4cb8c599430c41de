package io.xsite.router;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link GossipRouter} needs to run. {@link #DEFAULTS} is the only place a default is written.
 *
 * @param bindAddress              the interface the router and admin endpoint listen on ("0.0.0.0" = all)
 * @param port                     the gossip router port; 0 = ephemeral
 * @param adminPort                the HTTP admin endpoint port; 0 = ephemeral, -1 = no admin endpoint
 * @param maxFrameBytes            the longest frame body accepted; a longer one closes its connection
 * @param idleExpiry               a connection silent longer than this is closed; ZERO = never
 * @param tcpKeepAlive             whether SO_KEEPALIVE is set on client connections
 * @param slowReceiverTimeout      a client whose connection stays unwritable longer than this is disconnected
 * @param writeBufferLowWaterMark  pending outbound bytes below which an unwritable client becomes writable again
 * @param writeBufferHighWaterMark pending outbound bytes above which frames to a client are dropped
 * @param takeoverAfterSilence     how long the holder of an address must have been silent before another
 *                                 connection may take the address over (DESIGN.md "Router registration conflicts")
 */
public record RouterConfig(String bindAddress, int port, int adminPort, int maxFrameBytes, Duration idleExpiry,
                           boolean tcpKeepAlive, Duration slowReceiverTimeout, int writeBufferLowWaterMark,
                           int writeBufferHighWaterMark, Duration takeoverAfterSilence) {

    /** The production defaults: all interfaces, ports 12001 and 12002, 8 MiB frames, no idle expiry. */
    public static final RouterConfig DEFAULTS = new RouterConfig("0.0.0.0", 12001, 12002, 8 << 20, Duration.ZERO,
            true, Duration.ofSeconds(10), 512 << 10, 2 << 20, Duration.ofSeconds(15));

    public RouterConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        checkPort("port", port, 0);
        checkPort("adminPort", adminPort, -1);
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        checkNotNegative("idleExpiry", idleExpiry);
        checkNotNegative("takeoverAfterSilence", takeoverAfterSilence);
        checkNotNegative("slowReceiverTimeout", slowReceiverTimeout);
        if (slowReceiverTimeout.isZero()) {
            throw new IllegalArgumentException("slowReceiverTimeout must be positive");
        }
        if (writeBufferLowWaterMark < 1 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("need 0 < writeBufferLowWaterMark <= writeBufferHighWaterMark: "
                    + writeBufferLowWaterMark + ", " + writeBufferHighWaterMark);
        }
    }

    /** Loopback, ephemeral router and admin ports, short timeouts: for tests and the local demo. */
    public static RouterConfig loopback() {
        return DEFAULTS.withBindAddress("127.0.0.1").withPorts(0, 0)
                .withSlowReceiverTimeout(Duration.ofSeconds(1)).withTakeoverAfterSilence(Duration.ofSeconds(1));
    }

    /** A copy listening on {@code bindAddress}. */
    public RouterConfig withBindAddress(String bindAddress) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence);
    }

    /** A copy with these router and admin ports. */
    public RouterConfig withPorts(int port, int adminPort) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence);
    }

    /** A copy accepting frame bodies up to {@code maxFrameBytes}. */
    public RouterConfig withMaxFrameBytes(int maxFrameBytes) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence);
    }

    /** A copy closing connections silent longer than {@code idleExpiry} (ZERO = never). */
    public RouterConfig withIdleExpiry(Duration idleExpiry) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence);
    }

    /** A copy disconnecting clients unwritable longer than {@code slowReceiverTimeout}. */
    public RouterConfig withSlowReceiverTimeout(Duration slowReceiverTimeout) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence);
    }

    /** A copy with these per-client write buffer water marks. */
    public RouterConfig withWriteBufferWaterMarks(int low, int high) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, low, high, takeoverAfterSilence);
    }

    /** A copy letting a REGISTER take an address over after its holder was silent this long. */
    public RouterConfig withTakeoverAfterSilence(Duration takeoverAfterSilence) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence);
    }

    private static void checkPort(String name, int value, int min) {
        if (value < min || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
    }

    private static void checkNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + value);
        }
    }
}
