package io.xsite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports, found by binding port 0 and releasing it. Members that discover each other
 * through a static list need all ports before the first one starts, so they cannot bind port 0
 * themselves; another process could take a port in between, which on a test host is unlikely.
 */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** {@code count} distinct ports that were free a moment ago on 127.0.0.1. */
    public static List<Integer> free(int count) {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            // All held at once, so that the ports are distinct.
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free loopback ports", e);
        } finally {
            held.forEach(LoopbackPorts::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Only its port number was needed; a failed close leaves that port taken, which the member notices.
        }
    }
}
