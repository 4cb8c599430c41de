package io.xsite.grid.resp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A raw socket to the RESP server that sends bytes as given and reads replies byte for byte: for the exact
 * wire format, bad input and clients that stop reading.
 */
final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command as a RESP array of bulk strings. */
    static byte[] command(String... arguments) {
        StringBuilder text = new StringBuilder("*").append(arguments.length).append("\r\n");
        for (String argument : arguments) {
            text.append('$').append(argument.getBytes(ISO_8859_1).length).append("\r\n").append(argument).append("\r\n");
        }
        return text.toString().getBytes(ISO_8859_1);
    }

    RespClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RespClient send(String text) {
        return send(text.getBytes(ISO_8859_1));
    }

    /** Reads exactly as many bytes as {@code expected} has and returns them as text. */
    String read(String expected) {
        return read(expected.getBytes(ISO_8859_1).length);
    }

    /** Reads exactly {@code count} bytes, as text. */
    String read(int count) {
        try {
            return new String(in.readNBytes(count), ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything until the server closes the connection, as text. */
    String readUntilClosed() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException e) {
            // A reset after the server closed: what arrived before counts.
        }
        return all.toString(ISO_8859_1);
    }

    /** Whether the server closed the connection (end of stream within the read timeout). */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    void shortTimeout() {
        try {
            socket.setSoTimeout(300);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
