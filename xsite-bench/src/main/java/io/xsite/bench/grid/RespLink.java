package io.xsite.bench.grid;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A blocking RESP2 connection for the benchmark's own few requests (PING, INFO, DBSIZE) and for loading keys
 * pipelined: commands go out as arrays of bulk strings, replies come back as text. Not thread-safe, except
 * that one thread may write while another reads (as {@link MemoryLoad} does).
 */
public final class RespLink implements AutoCloseable {
    private static final int MAX_REPLY_BYTES = 1 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RespLink(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** Connects to {@code address}; each read waits at most {@code timeout}. */
    public static RespLink connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return new RespLink(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and returns its reply: a status or error line with its sign, an integer, a bulk string. */
    public String call(String... args) throws IOException {
        write(args);
        flush();
        return readReply();
    }

    /** Buffers one command; {@link #flush()} sends it. */
    public void write(String... args) throws IOException {
        out.write(('*' + String.valueOf(args.length) + "\r\n").getBytes(UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(UTF_8);
            out.write(('$' + String.valueOf(bytes.length) + "\r\n").getBytes(UTF_8));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    /** Sends the buffered commands. */
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Reads one reply: {@code +OK}, {@code -ERR ...} and {@code :12} as their line, a bulk string as its content
     * ({@code null} for a null bulk). Arrays are not expected here.
     */
    public String readReply() throws IOException {
        String line = readLine();
        return switch (line.isEmpty() ? ' ' : line.charAt(0)) {
            case '+', '-', ':' -> line;
            case '$' -> readBulk(Integer.parseInt(line.substring(1)));
            default -> throw new IOException("unexpected RESP reply: " + line);
        };
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        if (length > MAX_REPLY_BYTES) {
            throw new IOException("bulk reply of " + length + " bytes, more than expected");
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length != length + 2) {
            throw new EOFException("connection closed inside a bulk reply");
        }
        return new String(bytes, 0, length, UTF_8);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed before a reply");
            }
            if (line.size() > MAX_REPLY_BYTES) {
                throw new IOException("reply line longer than " + MAX_REPLY_BYTES + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
