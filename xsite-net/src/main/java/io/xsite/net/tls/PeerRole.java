package io.xsite.net.tls;

import java.util.Locale;
import java.util.Optional;

/** What a certificate lets its holder be: a member of a site, a gossip router, or an operator's tool. */
public enum PeerRole {
    /** A member of one site (its site masters' bridge members included); the certificate names the site. */
    MEMBER,
    /** A gossip router; the certificate names the router. */
    ROUTER,
    /** A tool (router-dump, probe, monitoring): may ask a router who is registered, never register or send. */
    TOOL;

    /** The role's word in a certificate's identity URI ({@code member}, {@code router}, {@code tool}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code word}, if any. */
    public static Optional<PeerRole> ofWord(String word) {
        for (PeerRole role : values()) {
            if (role.word().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
