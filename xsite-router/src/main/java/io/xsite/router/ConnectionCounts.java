package io.xsite.router;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Open connections in total and per source IP address, within {@code maxConnections} and
 * {@code maxConnectionsPerAddress}. The routing table counts admitted connections with one, a TLS router's
 * {@link RawConnectionLimit} counts accepted TCP connections before their handshake with another.
 *
 * <p>Thread-safe: connections become active and close on every event loop of the router. A lock suffices, as
 * it is taken once when a connection opens and once when it closes, never per frame.
 */
final class ConnectionCounts {
    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;

    ConnectionCounts(RouterConfig config) {
        this.maxConnections = config.maxConnections();
        this.maxConnectionsPerAddress = config.maxConnectionsPerAddress();
    }

    /** Counts a connection from {@code source}, or names the limit it is over (and counts nothing). */
    synchronized ConnectionRefusal admit(InetAddress source) {
        if (total >= maxConnections) {
            return ConnectionRefusal.MAX_CONNECTIONS;
        }
        if (perAddress.getOrDefault(source, 0) >= maxConnectionsPerAddress) {
            return ConnectionRefusal.MAX_CONNECTIONS_PER_ADDRESS;
        }
        total++;
        perAddress.merge(source, 1, Integer::sum);
        return null;
    }

    /** Forgets one admitted connection from {@code source}. */
    synchronized void release(InetAddress source) {
        total--;
        perAddress.computeIfPresent(source, (address, count) -> count == 1 ? null : count - 1);
    }
}
