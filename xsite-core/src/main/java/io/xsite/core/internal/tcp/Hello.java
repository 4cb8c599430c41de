package io.xsite.core.internal.tcp;

import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.WireCoded;
import io.xsite.wire.codec.WireCodes;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The first frame each side of a tcp connection sends: who it is and what it wants of the connection.
 *
 * @param cluster the sender's cluster; a HELLO from another cluster closes the connection
 * @param member  the sender's logical address
 * @param listen  where the sender accepts connections
 * @param role    the sender's part in the handshake
 */
record Hello(String cluster, UuidAddress member, InetSocketAddress listen, Role role) {

    /** The part a HELLO plays: the dialler sends DIAL or PROBE, the acceptor answers ACCEPT or CLOSE. */
    enum Role implements WireCoded {
        /** Dialler: keep this connection as our connection if you accept it. */
        DIAL(0),
        /** Dialler: tell me who you are; the connection closes after your answer. */
        PROBE(1),
        /** Acceptor: this is our connection now; frames may follow. */
        ACCEPT(2),
        /** Acceptor: here is my identity, but this connection closes (a probe, or I am dialling you). */
        CLOSE(3);

        /** The roles by wire code, for {@link HelloCodec#decode}. */
        static final WireCodes<Role> CODES = WireCodes.of(Role.class, "hello role");

        private final int code;

        Role(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    Hello {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(role, "role");
        if (listen.isUnresolved()) {
            throw new IllegalArgumentException("listen address must be resolved: " + listen);
        }
    }

    /** This HELLO's identity with another role. */
    Hello as(Role other) {
        return new Hello(cluster, member, listen, other);
    }
}
