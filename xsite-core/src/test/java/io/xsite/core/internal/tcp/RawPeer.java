package io.xsite.core.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A hand-driven member on a plain blocking socket: speaks the HELLO handshake, then does what a test says. */
final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects to {@code target} with a receive buffer of {@code receiveBufferBytes} (0 = the OS default). */
    static RawPeer connect(InetSocketAddress target, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.setSoTimeout(5000);
        socket.connect(target, 5000);
        return new RawPeer(socket);
    }

    /** Takes the next connection dialled to {@code server}. */
    static RawPeer accept(ServerSocket server) throws IOException {
        server.setSoTimeout(5000);
        Socket socket = server.accept();
        socket.setSoTimeout(5000);
        return new RawPeer(socket);
    }

    /** Sends a DIAL HELLO as {@code member} of {@code cluster}. */
    void dial(String cluster, UuidAddress member) throws IOException {
        hello(cluster, member, Hello.Role.DIAL);
    }

    /** Sends a HELLO of {@code role} as {@code member} of {@code cluster}. */
    void hello(String cluster, UuidAddress member, Hello.Role role) throws IOException {
        Hello hello = new Hello(cluster, member, new InetSocketAddress(socket.getLocalAddress(), 1), role);
        ByteBuf body = Unpooled.buffer();
        HelloCodec.encode(hello, body);
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        writeFrame(bytes);
    }

    /** Writes one length-prefixed frame. */
    void writeFrame(byte[] frame) throws IOException {
        var out = new java.io.DataOutputStream(socket.getOutputStream());
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Reads one frame and decodes it as a HELLO. */
    Hello readHello() throws IOException {
        return HelloCodec.decode(Unpooled.wrappedBuffer(readFrame()));
    }

    /** Reads one frame. */
    byte[] readFrame() throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    /** Reads up to end of stream; -1 means the other side closed the connection. */
    int read() throws IOException {
        return in.read();
    }

    /** Reads and discards {@code bytes} bytes. */
    void drain(long bytes) throws IOException {
        InputStream stream = socket.getInputStream();
        byte[] sink = new byte[64 << 10];
        long left = bytes;
        while (left > 0) {
            int n = stream.read(sink, 0, (int) Math.min(sink.length, left));
            if (n < 0) {
                throw new IOException("closed with " + left + " bytes unread");
            }
            left -= n;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
