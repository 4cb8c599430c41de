package io.xsite.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a router, keeping a copy of every byte it forwards in either direction:
 * what a router, or anyone on the way to it, sees of the traffic between sites.
 */
final class RecordingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** One record per connection and direction, so that a frame is never interleaved with another stream's. */
    private final List<ByteArrayOutputStream> streams = new CopyOnWriteArrayList<>();

    private RecordingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "recording-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy forwarding to {@code target}. */
    static RecordingProxy start(InetSocketAddress target) {
        try {
            return new RecordingProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Bytes forwarded so far, all connections and directions. */
    long forwarded() {
        return streams.stream().mapToLong(ByteArrayOutputStream::size).sum();
    }

    /** Whether {@code marker} passed through in any connection and direction. */
    boolean saw(byte[] marker) {
        for (ByteArrayOutputStream stream : streams) {
            byte[] bytes;
            synchronized (stream) {
                bytes = stream.toByteArray();
            }
            if (indexOf(bytes, marker) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        sockets.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        });
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        streams.add(record);
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (record) {
                        record.write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // The other side closed.
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // Closing anyway.
                }
            }
        }, "recording-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static int indexOf(byte[] bytes, byte[] marker) {
        outer:
        for (int i = 0; i <= bytes.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
