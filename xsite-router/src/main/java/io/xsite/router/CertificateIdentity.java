package io.xsite.router;

import io.xsite.net.tls.PeerIdentity;
import java.util.Objects;

/**
 * The identity of a TLS client: what its certificate names ({@code member:nyc}, {@code tool:ops}). Every
 * member of one site shares it, so a member of the site may take over an address another member of the
 * site held (a restarted pod), while another site never may.
 *
 * @param peer the identity the client's certificate proved
 */
public record CertificateIdentity(PeerIdentity peer) implements ClientIdentity {
    public CertificateIdentity {
        Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String toString() {
        return peer.toString();
    }
}
