package io.xsite.core.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.core.frame.FrameEnvelope;
import io.xsite.core.internal.membership.MembershipCodec;
import io.xsite.core.internal.membership.MembershipMessage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A stranger on a plain blocking socket that speaks the member protocol as an attacker would: it dials a
 * member with a HELLO claiming any address it likes, then writes whatever frames a test builds with the
 * real codecs. Public for the hostile-client tests of other packages (the HELLO codec is package-private).
 */
public final class HostileDialer implements AutoCloseable {
    private final Socket socket;
    private DataInputStream in;
    private DataOutputStream out;

    private HostileDialer(Socket socket) {
        this.socket = socket;
    }

    /** A socket bound to an ephemeral loopback port, not yet connected: its {@link #localPort} is known. */
    public static HostileDialer bound() throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(5000);
        return new HostileDialer(socket);
    }

    /** The local port, which the tests' identity function can recognise. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /**
     * Connects to {@code target}, sends a DIAL HELLO claiming to be {@code claimed} of {@code cluster} and
     * reads the answer; returns whether the member accepted the connection.
     */
    public boolean dial(InetSocketAddress target, String cluster, UuidAddress claimed) throws IOException {
        socket.connect(target, 5000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
        ByteBuf hello = Unpooled.buffer();
        try {
            HelloCodec.encode(new Hello(cluster, claimed, new InetSocketAddress(socket.getLocalAddress(), 1),
                    Hello.Role.DIAL), hello);
            writeFrame(ByteBufUtil.getBytes(hello));
        } finally {
            hello.release();
        }
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return HelloCodec.decode(Unpooled.wrappedBuffer(answer)).role() == Hello.Role.ACCEPT;
    }

    /** Sends {@code message} as a membership frame from {@code sender} of {@code cluster}. */
    public void send(String cluster, UuidAddress sender, MembershipMessage message) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        try {
            new FrameEnvelope(message.type(), cluster, sender).encode(frame);
            MembershipCodec.encode(message, frame);
            writeFrame(ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
    }

    /** Writes one length-prefixed frame. */
    public void writeFrame(byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Whether the member closed the connection (read until end of stream, for up to 5 s). */
    public boolean closedByMember() throws IOException {
        try {
            byte[] sink = new byte[4096];
            while (true) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
