package io.xsite.cli;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.gossip.GossipData;
import io.xsite.wire.gossip.GossipFraming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A bridge member registered with a router over a raw socket, as a JGroups TUNNEL member registers:
 * one framed REGISTER right after connecting. Closing the socket ends the registration.
 */
final class RegisteredMember implements AutoCloseable {
    private final Socket socket;

    private RegisteredMember(Socket socket) {
        this.socket = socket;
    }

    /**
     * Registers {@code _<name>:<site>} (a site address, as bridge members use) in {@code group}, advertising
     * {@code 127.0.0.1:physicalPort}.
     */
    static RegisteredMember register(InetSocketAddress router, String group, String name, String site,
                                     int physicalPort) throws IOException {
        UUID uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        UuidAddress address = UuidAddress.siteUuid(uuid, name, site, 0);
        GossipData register = GossipData.register(group, address, name,
                new IpAddress(InetAddress.getLoopbackAddress(), physicalPort));
        Socket socket = new Socket(router.getAddress(), router.getPort());
        ByteBuf frame = GossipFraming.encodeFramed(register, ByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            socket.close();
            throw e;
        } finally {
            frame.release();
        }
        return new RegisteredMember(socket);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
