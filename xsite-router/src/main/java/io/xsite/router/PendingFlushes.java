package io.xsite.router;

import java.util.ArrayDeque;

/**
 * The connections written to since the last flush. Forwarding writes without flushing; the handler
 * flushes them all when a read batch completes, and every other event that writes flushes at its end.
 * Confined to the router's event loop.
 */
final class PendingFlushes {
    private final ArrayDeque<ClientConnection> connections = new ArrayDeque<>();

    void add(ClientConnection connection) {
        connections.add(connection);
    }

    void flushAll() {
        ClientConnection connection;
        while ((connection = connections.poll()) != null) {
            connection.flush();
        }
    }
}
