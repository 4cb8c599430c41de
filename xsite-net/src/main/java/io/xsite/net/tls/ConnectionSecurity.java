package io.xsite.net.tls;

import io.netty.channel.Channel;

/**
 * What a transport puts in front of each connection before its own handlers: nothing ({@link #PLAIN}), or
 * TLS with the peer's identity checked ({@link PeerAuthenticator}). With TLS, the handlers behind see the
 * connection become active only once its peer is authenticated, and can read who it is from
 * {@link PeerIdentity#ATTRIBUTE}.
 */
public interface ConnectionSecurity {
    /** Plain TCP: for loopback tests, labs and JGroups interop (the {@code --insecure} setting). */
    ConnectionSecurity PLAIN = new ConnectionSecurity() {
        @Override
        public void secureAccepted(Channel channel) {
        }

        @Override
        public void secureOpened(Channel channel, String host, int port) {
        }

        @Override
        public boolean isPlain() {
            return true;
        }

        @Override
        public String toString() {
            return "plain";
        }
    };

    /** Prepares a connection this side accepted; called from the channel initializer. */
    void secureAccepted(Channel channel);

    /** Prepares a connection this side opened to {@code host}:{@code port}; called from the channel initializer. */
    void secureOpened(Channel channel, String host, int port);

    /** Whether connections stay plain TCP. */
    boolean isPlain();
}
