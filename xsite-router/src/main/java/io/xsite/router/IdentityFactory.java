package io.xsite.router;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * The one place a connection's {@link ClientIdentity} comes from: called once per connection, on the
 * connection's event loop, when the connection becomes active (before it is admitted and before any of its
 * frames is read). A TLS router passes a factory that reads the peer certificate from the channel's
 * {@code SslHandler}, and makes the connection active for the router only after the handshake.
 */
@FunctionalInterface
public interface IdentityFactory {
    /** The plain router's: the remote IP address ({@link SourceAddressIdentity}). */
    IdentityFactory SOURCE_ADDRESS = channel ->
            new SourceAddressIdentity(((InetSocketAddress) channel.remoteAddress()).getAddress());

    /** The identity of the client on {@code channel}; never null. */
    ClientIdentity identify(Channel channel);
}
