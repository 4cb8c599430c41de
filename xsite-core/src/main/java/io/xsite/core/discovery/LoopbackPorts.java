package io.xsite.core.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for members on one machine that find each other through a static list (the demo,
 * benchmarks, tests): every port must be known before the first member starts. The ports are drawn below
 * the systems' ephemeral ranges (Linux 32768-60999, others 49152-65535), so that the outgoing connections
 * the first members open meanwhile never get one of them as their local port: with ports found by
 * binding port 0 that happened, and a member's start failed with "address already in use". Another
 * process could still take one in between; that member's start then fails with a message naming the port.
 */
public final class LoopbackPorts {
    /** The lowest port drawn: above the registered services most machines run. */
    static final int LOWEST = 20_000;
    /** One above the highest port drawn: the start of Linux's default ephemeral range. */
    static final int BEYOND = 32_768;
    /** Ports tried per port wanted before giving up: most of the range would have to be taken. */
    private static final int ATTEMPTS_PER_PORT = 200;

    private LoopbackPorts() {
    }

    /** {@code count} distinct ports of 127.0.0.1 that were free a moment ago. */
    public static List<Integer> free(int count) {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            // Held all at once, so that the ports are distinct.
            for (int attempt = 0; held.size() < count; attempt++) {
                if (attempt >= count * ATTEMPTS_PER_PORT) {
                    throw new UncheckedIOException(new IOException("cannot find " + count + " free loopback ports in ["
                            + LOWEST + ", " + BEYOND + ") after " + attempt + " attempts"));
                }
                int port = ThreadLocalRandom.current().nextInt(LOWEST, BEYOND);
                try {
                    held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                } catch (IOException taken) {
                    // In use: draw another.
                }
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
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
