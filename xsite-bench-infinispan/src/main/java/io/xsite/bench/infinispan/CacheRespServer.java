package io.xsite.bench.infinispan;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.infinispan.AdvancedCache;
import org.infinispan.context.Flag;

/**
 * The few RESP2 commands the benchmark driver sends, served from the embedded Infinispan caches of one member,
 * so that both systems are driven the same way over the same kind of connection: {@code PING},
 * {@code SELECT n} (database n is the n-th cache), {@code SET key value} (a put that ignores the previous
 * value, as a RESP SET does), {@code GET key} and {@code MEMBERS} (the size of the member's local view, for
 * readiness). One blocking thread per connection; a request is an array of at most
 * {@value #MAX_ARGUMENTS} bulk strings of at most {@value #MAX_BULK_BYTES} bytes each.
 */
final class CacheRespServer implements AutoCloseable {
    private static final int MAX_ARGUMENTS = 3;
    private static final int MAX_BULK_BYTES = 1 << 20;

    private final ServerSocket server;
    private final List<AdvancedCache<String, byte[]>> caches;
    private final IntSupplier members;

    private CacheRespServer(ServerSocket server, List<AdvancedCache<String, byte[]>> caches, IntSupplier members) {
        this.server = server;
        this.caches = caches.stream().map(c -> c.withFlags(Flag.IGNORE_RETURN_VALUES)).toList();
        this.members = members;
        Thread acceptor = new Thread(this::accept, "resp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on loopback {@code port}; database n is {@code caches.get(n)}; {@code members} answers MEMBERS. */
    static CacheRespServer start(int port, List<AdvancedCache<String, byte[]>> caches, IntSupplier members)
            throws IOException {
        return new CacheRespServer(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), caches, members);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread connection = new Thread(() -> serve(socket), "resp-" + socket.getPort());
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("RESP accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
             OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024)) {
            int database = 0;
            while (true) {
                List<byte[]> request = readRequest(in);
                String command = new String(request.get(0), UTF_8).toUpperCase(Locale.ROOT);
                try {
                    switch (command) {
                        case "PING" -> status(out, "PONG");
                        case "SELECT" -> {
                            int selected = Integer.parseInt(argument(request, 1));
                            if (selected < 0 || selected >= caches.size()) {
                                throw new IllegalArgumentException("no database " + selected);
                            }
                            database = selected;
                            status(out, "OK");
                        }
                        case "SET" -> {
                            caches.get(database).put(argument(request, 1), bytes(request, 2));
                            status(out, "OK");
                        }
                        case "GET" -> bulk(out, caches.get(database).get(argument(request, 1)));
                        case "MEMBERS" -> out.write((":" + members.getAsInt() + "\r\n").getBytes(UTF_8));
                        default -> error(out, "unknown command " + command);
                    }
                } catch (RuntimeException e) {
                    // A failed put (a sync backup the other site did not apply) is the client's answer, not ours.
                    error(out, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (EOFException e) {
            // The client closed the connection.
        } catch (IOException e) {
            System.err.println("RESP connection " + socket.getRemoteSocketAddress() + " failed: " + e);
        }
    }

    private static String argument(List<byte[]> request, int index) {
        return new String(bytes(request, index), UTF_8);
    }

    private static byte[] bytes(List<byte[]> request, int index) {
        if (index >= request.size()) {
            throw new IllegalArgumentException("missing argument " + index);
        }
        return request.get(index);
    }

    private static List<byte[]> readRequest(InputStream in) throws IOException {
        String header = readLine(in);
        int count = header.startsWith("*") ? Integer.parseInt(header.substring(1)) : -1;
        if (count < 1 || count > MAX_ARGUMENTS) {
            throw new IOException("expected an array of 1 to " + MAX_ARGUMENTS + " bulk strings: " + header);
        }
        List<byte[]> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String line = readLine(in);
            int length = line.startsWith("$") ? Integer.parseInt(line.substring(1)) : -1;
            if (length < 0 || length > MAX_BULK_BYTES) {
                throw new IOException("expected a bulk string of at most " + MAX_BULK_BYTES + " bytes: " + line);
            }
            byte[] bytes = in.readNBytes(length + 2);
            if (bytes.length != length + 2) {
                throw new EOFException("connection closed inside a bulk string");
            }
            arguments.add(Arrays.copyOf(bytes, length));
        }
        return arguments;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(16);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (line.size() > 32) {
                throw new IOException("request header line too long");
            }
            line.write(b);
        }
        String text = line.toString(UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void status(OutputStream out, String text) throws IOException {
        out.write(('+' + text + "\r\n").getBytes(UTF_8));
    }

    private static void error(OutputStream out, String text) throws IOException {
        out.write(("-ERR " + text.replace('\r', ' ').replace('\n', ' ') + "\r\n").getBytes(UTF_8));
    }

    private static void bulk(OutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.write("$-1\r\n".getBytes(UTF_8));
            return;
        }
        out.write(('$' + String.valueOf(value.length) + "\r\n").getBytes(UTF_8));
        out.write(value);
        out.write("\r\n".getBytes(UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
