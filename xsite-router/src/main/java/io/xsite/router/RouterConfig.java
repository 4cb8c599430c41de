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
 * @param takeoverAfterSilence     how long the holder of an address must have been silent (or gone) before a
 *                                 connection of another identity may take the address over (design.md "Router:
 *                                 who may use an address")
 * @param maxConnections           open client connections at most; a further one is accepted and closed at once
 * @param maxConnectionsPerAddress open client connections from one source IP address at most (loopback too)
 * @param maxRegistrationsPerConnection addresses one connection may hold at once; a REGISTER beyond is refused
 * @param maxNameLength            the longest group name or logical name (in characters, also a site address's
 *                                 site and name) in any frame; a longer one closes the connection
 * @param firstFrameTimeout        a connection that has not sent one complete frame by then is closed
 * @param maxControlFrameBytes     the longest frame of a connection that has not registered an address yet, and
 *                                 the longest control frame (anything but MESSAGE) of any connection
 * @param ioThreads                event-loop threads that serve the client connections (design.md "Router:
 *                                 event loops, no copies"); 0 = one per available processor
 */
public record RouterConfig(String bindAddress, int port, int adminPort, int maxFrameBytes, Duration idleExpiry,
                           boolean tcpKeepAlive, Duration slowReceiverTimeout, int writeBufferLowWaterMark,
                           int writeBufferHighWaterMark, Duration takeoverAfterSilence, int maxConnections,
                           int maxConnectionsPerAddress, int maxRegistrationsPerConnection, int maxNameLength,
                           Duration firstFrameTimeout, int maxControlFrameBytes, int ioThreads) {

    /**
     * The production defaults: all interfaces, ports 12001 and 12002, 8 MiB frames (64 KiB until a connection
     * registered), idle connections closed after 2 minutes (clients heartbeat or send well within that), and
     * limits that a stranger's connections, registrations and names cannot grow the router past; one event loop
     * (docs/benchmarks.md "Router": on 2 processors, a frame handed from one loop to another cost two to four
     * times the CPU of one forwarded on its own loop, more than the second loop gained).
     */
    public static final RouterConfig DEFAULTS = new RouterConfig("0.0.0.0", 12001, 12002, 8 << 20,
            Duration.ofSeconds(120), true, Duration.ofSeconds(10), 512 << 10, 2 << 20, Duration.ofSeconds(15),
            16384, 256, 64, 200, Duration.ofSeconds(10), 64 << 10, 1);

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
        checkPositive("maxConnections", maxConnections);
        checkPositive("maxConnectionsPerAddress", maxConnectionsPerAddress);
        checkPositive("maxRegistrationsPerConnection", maxRegistrationsPerConnection);
        checkPositive("maxNameLength", maxNameLength);
        checkPositive("maxControlFrameBytes", maxControlFrameBytes);
        checkNotNegative("firstFrameTimeout", firstFrameTimeout);
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be zero (one per processor) or positive: " + ioThreads);
        }
        if (firstFrameTimeout.isZero()) {
            throw new IllegalArgumentException("firstFrameTimeout must be positive");
        }
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
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy with these router and admin ports. */
    public RouterConfig withPorts(int port, int adminPort) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy accepting frame bodies up to {@code maxFrameBytes}. */
    public RouterConfig withMaxFrameBytes(int maxFrameBytes) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy closing connections silent longer than {@code idleExpiry} (ZERO = never). */
    public RouterConfig withIdleExpiry(Duration idleExpiry) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy disconnecting clients unwritable longer than {@code slowReceiverTimeout}. */
    public RouterConfig withSlowReceiverTimeout(Duration slowReceiverTimeout) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy with these per-client write buffer water marks. */
    public RouterConfig withWriteBufferWaterMarks(int low, int high) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, low, high, takeoverAfterSilence, maxConnections, maxConnectionsPerAddress,
                maxRegistrationsPerConnection, maxNameLength, firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy letting a REGISTER take an address over after its holder was silent this long. */
    public RouterConfig withTakeoverAfterSilence(Duration takeoverAfterSilence) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy accepting at most {@code maxConnections} client connections at once. */
    public RouterConfig withMaxConnections(int maxConnections) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy accepting at most {@code maxConnectionsPerAddress} connections from one source IP. */
    public RouterConfig withMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy letting one connection hold at most {@code maxRegistrationsPerConnection} addresses. */
    public RouterConfig withMaxRegistrationsPerConnection(int maxRegistrationsPerConnection) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy closing connections that send group or logical names longer than {@code maxNameLength}. */
    public RouterConfig withMaxNameLength(int maxNameLength) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy closing connections that sent no complete frame within {@code firstFrameTimeout}. */
    public RouterConfig withFirstFrameTimeout(Duration firstFrameTimeout) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy accepting control frames, and any frame before a registration, up to {@code maxControlFrameBytes}. */
    public RouterConfig withMaxControlFrameBytes(int maxControlFrameBytes) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** A copy serving its connections on {@code ioThreads} event loops (0 = one per available processor). */
    public RouterConfig withIoThreads(int ioThreads) {
        return new RouterConfig(bindAddress, port, adminPort, maxFrameBytes, idleExpiry, tcpKeepAlive,
                slowReceiverTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, takeoverAfterSilence,
                maxConnections, maxConnectionsPerAddress, maxRegistrationsPerConnection, maxNameLength,
                firstFrameTimeout, maxControlFrameBytes, ioThreads);
    }

    /** The event loops to start: {@link #ioThreads()}, or one per available processor when that is 0. */
    public int effectiveIoThreads() {
        return ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : ioThreads;
    }

    private static void checkPort(String name, int value, int min) {
        if (value < min || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
    }

    private static void checkPositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void checkNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + value);
        }
    }
}
