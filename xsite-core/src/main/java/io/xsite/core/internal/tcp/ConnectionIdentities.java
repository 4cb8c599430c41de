package io.xsite.core.internal.tcp;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Tells who is at the other end of a tcp connection, as far as the transport can know it: an opaque value
 * that two connections share exactly when they come from the same party ({@link Object#equals}). The
 * transport compares identities only: a dial that claims a member whose connection is active is refused
 * unless both connections have the same identity (see {@link Peer#onDial}).
 *
 * <p>{@link #identify} is called on the connection's event loop when the peer's HELLO arrives, so after
 * any handshake below it (TLS) is complete: an implementation backed by TLS returns the verified client
 * certificate's identity there. Plain tcp knows no more than the remote IP address
 * ({@link #remoteAddress()}, the default).
 */
@FunctionalInterface
public interface ConnectionIdentities {

    /** The identity of the remote end of {@code channel}; never null. Must not block. */
    Object identify(Channel channel);

    /** The remote IP address (without the port, which changes with every connection a member opens). */
    static ConnectionIdentities remoteAddress() {
        return channel -> {
            SocketAddress remote = channel.remoteAddress();
            return remote instanceof InetSocketAddress inet ? inet.getAddress() : String.valueOf(remote);
        };
    }
}
