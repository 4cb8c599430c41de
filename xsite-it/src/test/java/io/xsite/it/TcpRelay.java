package io.xsite.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte-for-byte TCP relay on a loopback ephemeral port in front of one gossip router, so that a test
 * can cut a member's router connections the way a crashed process does: the router sees the
 * connection end without an UNREGISTER (and suspects the member), and reconnects are refused.
 *
 * <p>Threads: one accepting thread and two pumping threads per relayed connection, all daemons.
 */
public final class TcpRelay implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private volatile boolean cut;

    private TcpRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        int id = INSTANCES.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "tcp-relay-" + id + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::accept);
    }

    /** A relay to {@code target}, accepting on a loopback ephemeral port. */
    public static TcpRelay to(InetSocketAddress target) throws IOException {
        return new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
    }

    /** Where clients connect instead of {@code target}. */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Closes the listening socket and every relayed connection at once: both ends see them drop. */
    public void cut() {
        cut = true;
        closeQuietly(server);
        sockets.forEach(TcpRelay::closeQuietly);
    }

    /** Cuts the relay and stops its threads. */
    @Override
    public void close() {
        cut();
        threads.shutdownNow();
    }

    private void accept() {
        while (!cut) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // cut: the listening socket is closed
            }
            Socket upstream = new Socket();
            sockets.add(client);
            sockets.add(upstream);
            try {
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                upstream.connect(target, 2000);
            } catch (IOException e) {
                // The router is not there: the client sees its connection close, as if it had dialled it.
                closeBoth(client, upstream);
                continue;
            }
            if (cut) {
                closeBoth(client, upstream); // cut() ran between accept and registration
                return;
            }
            threads.execute(() -> pump(client, upstream));
            threads.execute(() -> pump(upstream, client));
        }
    }

    /** Copies {@code from} to {@code to} until either ends; then closes both, so the other pump ends too. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // Closed by cut() or by the other pump, or reset by one side: the end of this connection.
        } finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is all that is wanted; a failure means it is closed already.
        }
    }
}
