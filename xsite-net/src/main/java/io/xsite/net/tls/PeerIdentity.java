package io.xsite.net.tls;

import io.netty.util.AttributeKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a certificate speaks for: a role and a name (for a member, the name of its site). It is carried in
 * the certificate as one URI subject alternative name, {@code urn:xsite:<role>:<name>}, which the
 * deployment's CA vouches for by signing it; hostnames play no part, since members and routers are
 * reached through addresses (pod IPs, load balancers) that certificates cannot know in advance.
 *
 * @param role what the holder may be
 * @param name the site of a member, the name of a router or tool: 1 to 63 of {@code [A-Za-z0-9._-]}
 */
public record PeerIdentity(PeerRole role, String name) {
    /** Where a connection keeps the identity its peer's certificate proved, once the handshake checked it. */
    public static final AttributeKey<PeerIdentity> ATTRIBUTE = AttributeKey.valueOf("xsite.peerIdentity");

    private static final String PREFIX = "urn:xsite:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");
    private static final int URI_SAN = 6;

    public PeerIdentity {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("identity name must be 1-63 of [A-Za-z0-9._-]: '" + name + "'");
        }
    }

    /** A member of {@code site}. */
    public static PeerIdentity member(String site) {
        return new PeerIdentity(PeerRole.MEMBER, site);
    }

    /** The URI written into the certificate, e.g. {@code urn:xsite:member:nyc}. */
    public String uri() {
        return PREFIX + role.word() + ":" + name;
    }

    /** Whether this is a member of {@code site}. */
    public boolean isMemberOf(String site) {
        return role == PeerRole.MEMBER && name.equals(site);
    }

    /** The identity {@code uri} names, if it is one ({@code urn:xsite:<role>:<name>}). */
    public static Optional<PeerIdentity> parse(String uri) {
        if (uri == null || !uri.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = uri.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String name = rest.substring(colon + 1);
        return PeerRole.ofWord(rest.substring(0, colon))
                .filter(role -> NAME.matcher(name).matches())
                .map(role -> new PeerIdentity(role, name));
    }

    /**
     * The identity {@code certificate} carries: its one {@code urn:xsite:} URI subject alternative name.
     * Empty when it has none, or more than one (a certificate speaks for one identity only).
     */
    public static Optional<PeerIdentity> of(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        List<PeerIdentity> found = names.stream()
                .filter(entry -> entry.size() >= 2 && Integer.valueOf(URI_SAN).equals(entry.get(0)))
                .map(entry -> parse(String.valueOf(entry.get(1))))
                .flatMap(Optional::stream)
                .toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    @Override
    public String toString() {
        return role.word() + ":" + name;
    }
}
