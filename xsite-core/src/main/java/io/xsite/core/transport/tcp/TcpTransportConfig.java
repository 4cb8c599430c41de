package io.xsite.core.transport.tcp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@code TcpTransport} listens, dials, frames and queues. {@link #DEFAULTS} is the only place
 * defaults are written; adjust with the {@code with...} methods.
 *
 * @param bind                  the local address and port to listen on; port 0 picks an ephemeral port
 * @param externalAddress       the address advertised to other members when {@code bind} is a wildcard or
 *                              not reachable from them (NAT, containers); null = the bind address
 * @param connectTimeout        how long a TCP connect may take, and how long an accepted connection (or a
 *                              probe) may wait for its HELLO
 * @param reconnectInitialDelay the first delay before redialling a member after a failed dial
 * @param reconnectMaxDelay     the cap of the exponentially growing (jittered) redial delay
 * @param maxFrameBytes         the largest frame accepted or sent; a larger incoming one closes the connection
 * @param writeBufferLowWaterMark  queued bytes under which a connection that was full takes frames again
 * @param writeBufferHighWaterMark queued bytes above which {@code TcpTransport.send} refuses frames to that peer
 * @param pendingFrames         frames queued for a member while its connection is being dialled
 * @param flushAfterFrames      under load, writes are flushed in batches of at most this many frames (the
 *                              flush happens anyway when the event loop runs out of writes, so an idle
 *                              send is flushed at once)
 * @param livenessWindow        a connection that carried a frame within this time is active: a dial that
 *                              claims its member from another identity ({@code ConnectionIdentities}) is
 *                              refused, while a silent one is closed in favour of the newcomer. Members send
 *                              each other heartbeats, so the membership's suspect timeout fits. A dialled
 *                              connection waits as long (at least {@code connectTimeout}) for the member's
 *                              answer: a member answers by taking the connection and writing its frames on
 *                              it, which closing it for a late answer would lose
 */
public record TcpTransportConfig(InetSocketAddress bind, InetAddress externalAddress, Duration connectTimeout,
                                 Duration reconnectInitialDelay, Duration reconnectMaxDelay, int maxFrameBytes,
                                 int writeBufferLowWaterMark, int writeBufferHighWaterMark, int pendingFrames,
                                 int flushAfterFrames, Duration livenessWindow) {

    /** The defaults: every interface, port 7800, 8 MiB frames, 1 MiB high-water mark, 6 s liveness window. */
    public static final TcpTransportConfig DEFAULTS = new TcpTransportConfig(new InetSocketAddress(7800), null,
            Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofSeconds(5), 8 << 20, 512 << 10, 1 << 20,
            1024, 256, Duration.ofSeconds(6));

    public TcpTransportConfig {
        Objects.requireNonNull(bind, "bind");
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("reconnectInitialDelay", reconnectInitialDelay);
        requirePositive("reconnectMaxDelay", reconnectMaxDelay);
        requirePositive("livenessWindow", livenessWindow);
        if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay (" + reconnectMaxDelay
                    + ") must not be shorter than reconnectInitialDelay (" + reconnectInitialDelay + ")");
        }
        if (maxFrameBytes <= 0 || pendingFrames <= 0 || flushAfterFrames <= 0) {
            throw new IllegalArgumentException("maxFrameBytes (" + maxFrameBytes + "), pendingFrames (" + pendingFrames
                    + ") and flushAfterFrames (" + flushAfterFrames + ") must be positive");
        }
        if (writeBufferLowWaterMark <= 0 || writeBufferHighWaterMark <= writeBufferLowWaterMark) {
            throw new IllegalArgumentException("need 0 < writeBufferLowWaterMark (" + writeBufferLowWaterMark
                    + ") < writeBufferHighWaterMark (" + writeBufferHighWaterMark + ")");
        }
    }

    /** The defaults, listening on {@code bind} (port 0 = ephemeral). */
    public static TcpTransportConfig listeningOn(InetSocketAddress bind) {
        TcpTransportConfig d = DEFAULTS;
        return new TcpTransportConfig(bind, d.externalAddress, d.connectTimeout, d.reconnectInitialDelay,
                d.reconnectMaxDelay, d.maxFrameBytes, d.writeBufferLowWaterMark, d.writeBufferHighWaterMark,
                d.pendingFrames, d.flushAfterFrames, d.livenessWindow);
    }

    /** This config with another frame limit. */
    public TcpTransportConfig withMaxFrameBytes(int bytes) {
        return new TcpTransportConfig(bind, externalAddress, connectTimeout, reconnectInitialDelay, reconnectMaxDelay,
                bytes, writeBufferLowWaterMark, writeBufferHighWaterMark, pendingFrames, flushAfterFrames,
                livenessWindow);
    }

    /** This config with other write-buffer water marks. */
    public TcpTransportConfig withWriteBufferWaterMarks(int low, int high) {
        return new TcpTransportConfig(bind, externalAddress, connectTimeout, reconnectInitialDelay, reconnectMaxDelay,
                maxFrameBytes, low, high, pendingFrames, flushAfterFrames, livenessWindow);
    }

    /** This config with other redial delays. */
    public TcpTransportConfig withReconnectDelays(Duration initial, Duration max) {
        return new TcpTransportConfig(bind, externalAddress, connectTimeout, initial, max, maxFrameBytes,
                writeBufferLowWaterMark, writeBufferHighWaterMark, pendingFrames, flushAfterFrames, livenessWindow);
    }

    /** This config with another advertised address. */
    public TcpTransportConfig withExternalAddress(InetAddress address) {
        return new TcpTransportConfig(bind, address, connectTimeout, reconnectInitialDelay, reconnectMaxDelay,
                maxFrameBytes, writeBufferLowWaterMark, writeBufferHighWaterMark, pendingFrames, flushAfterFrames,
                livenessWindow);
    }

    /** This config with another connect timeout. */
    public TcpTransportConfig withConnectTimeout(Duration timeout) {
        return new TcpTransportConfig(bind, externalAddress, timeout, reconnectInitialDelay, reconnectMaxDelay,
                maxFrameBytes, writeBufferLowWaterMark, writeBufferHighWaterMark, pendingFrames, flushAfterFrames,
                livenessWindow);
    }

    /** This config with another liveness window. */
    public TcpTransportConfig withLivenessWindow(Duration window) {
        return new TcpTransportConfig(bind, externalAddress, connectTimeout, reconnectInitialDelay, reconnectMaxDelay,
                maxFrameBytes, writeBufferLowWaterMark, writeBufferHighWaterMark, pendingFrames, flushAfterFrames,
                window);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
