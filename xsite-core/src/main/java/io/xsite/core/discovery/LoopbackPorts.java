package io.xsite.core.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports, found by binding port 0 and releasing it, for members on one machine that find
 * each other through a static list (the demo, benchmarks, tests): every port must be known before the
 * first member starts. Another process could take one in between; that member's start then fails with
 * a message naming the port.
 */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** {@code count} distinct ports of 127.0.0.1 that were free a moment ago. */
    public static List<Integer> free(int count) {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            // Held all at once, so that the ports are distinct.
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free loopback ports", e);
        } finally {
            held.forEach(LoopbackPorts::release);
        }
    }

    private static void release(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Only its number was needed; a port left taken makes that member's start fail, naming it.
        }
    }
}
