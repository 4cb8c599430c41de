package io.xsite.router;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The connections one event loop wrote to since its last flush, each once. Forwarding writes without
 * flushing; when a read batch completes the loop flushes them all, so a burst of frames costs each receiver
 * one flush (and a receiver on another loop one hand-over of that flush), and every other event that writes
 * flushes at its end. One per event loop, confined to it.
 */
final class PendingFlushes {
    private final List<ClientConnection> connections = new ArrayList<>();
    private final Set<ClientConnection> added = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The connection added last: a stream to one receiver skips the set. */
    private ClientConnection last;

    void add(ClientConnection connection) {
        if (connection != last) {
            last = connection;
            if (added.add(connection)) {
                connections.add(connection);
            }
        }
    }

    /** Flushes every connection added since the last call. */
    void flushAll() {
        if (last == null) {
            return;
        }
        for (int i = 0; i < connections.size(); i++) {
            connections.get(i).flush();
        }
        connections.clear();
        added.clear();
        last = null;
    }
}
