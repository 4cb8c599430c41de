package io.xsite.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.gossip.GossipCodec;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * A blocking gossip router client over a plain socket, for tests: sends frames, reads frames with a
 * bounded timeout, detects when the router closed the connection.
 */
final class TestClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    static TestClient connect(InetSocketAddress router) {
        return connect(router, 0);
    }

    /** Connects with a receive buffer of {@code receiveBufferBytes} (0 = OS default). */
    static TestClient connect(InetSocketAddress router, int receiveBufferBytes) {
        return connect(router, receiveBufferBytes, port -> { });
    }

    /**
     * Connects from a local port bound first and handed to {@code beforeConnect}, so that a test can tell
     * the router's identity factory about it before the router sees the connection.
     */
    static TestClient connect(InetSocketAddress router, IntConsumer beforeConnect) {
        return connect(router, 0, beforeConnect);
    }

    private static TestClient connect(InetSocketAddress router, int receiveBufferBytes, IntConsumer beforeConnect) {
        try {
            Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            beforeConnect.accept(socket.getLocalPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.connect(router, READ_TIMEOUT_MILLIS);
            return new TestClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A physical address the way TUNNEL advertises one. */
    static IpAddress physical(int port) {
        return new IpAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Registers {@code member} as {@code name} in {@code group}. */
    TestClient register(String group, Address member, String name) {
        send(GossipData.register(group, member, name, physical(7800)));
        return this;
    }

    void send(GossipData data) {
        sendRaw(framed(data));
    }

    /** The framed bytes of {@code data}: what a client puts on the wire. */
    static byte[] framed(GossipData data) {
        ByteBuf buf = GossipFraming.encodeFramed(data, UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one frame, length prefix included, exactly as the router wrote it. */
    byte[] receiveFrame() {
        try {
            int length = in.readInt();
            byte[] frame = new byte[GossipFraming.LENGTH_BYTES + length];
            frame[0] = (byte) (length >>> 24);
            frame[1] = (byte) (length >>> 16);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            in.readFully(frame, GossipFraming.LENGTH_BYTES, length);
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and decodes one frame, waiting up to {@code patience} for it (instead of the usual 5 s). */
    GossipData receive(Duration patience) {
        try {
            socket.setSoTimeout(Math.toIntExact(patience.toMillis()));
            return receive();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads and decodes one frame. */
    GossipData receive() {
        byte[] frame = receiveFrame();
        return GossipCodec.decode(Unpooled.wrappedBuffer(frame, GossipFraming.LENGTH_BYTES,
                frame.length - GossipFraming.LENGTH_BYTES));
    }

    /** Whether the router has closed this connection: reads (and discards) until EOF or reset. */
    boolean closedByRouter() {
        byte[] sink = new byte[64 << 10];
        try {
            while (in.read(sink) >= 0) {
                // discard whatever the router still had queued
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
