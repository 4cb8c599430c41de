package io.xsite.wire.address;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A logical member address: 128 bits plus whatever its {@link Kind} carries. One record covers
 * JGroups' UUID class family because they nest: each kind adds fields to the one before it.
 *
 * <table>
 *   <caption>Fields per kind</caption>
 *   <tr><th>kind</th><th>flags</th><th>tags</th><th>site</th><th>name</th></tr>
 *   <tr><td>UUID</td><td>0</td><td>empty</td><td>null</td><td>null</td></tr>
 *   <tr><td>FLAGS_UUID</td><td>any</td><td>empty</td><td>null</td><td>null</td></tr>
 *   <tr><td>EXTENDED_UUID</td><td>any</td><td>any</td><td>null</td><td>null</td></tr>
 *   <tr><td>SITE_UUID, SITE_MASTER</td><td>any</td><td>any</td><td>any</td><td>any</td></tr>
 * </table>
 *
 * @param kind  which JGroups class this address is
 * @param msb   the most significant 64 bits
 * @param lsb   the least significant 64 bits
 * @param flags flag bits; {@link #CAN_BECOME_SITE_MASTER} is the one RELAY sets
 * @param tags  key/value tags of an extended address, in wire order
 * @param site  the site of a site address; null for "any site" of a site master
 * @param name  the logical name a site address carries; null for a site master
 */
public record UuidAddress(Kind kind, long msb, long lsb, int flags, List<Tag> tags, String site, String name)
        implements Address {

    /** RELAY's flag: this member may become a site master. */
    public static final int CAN_BECOME_SITE_MASTER = 0x02;
    /** Most tags an extended address holds on the wire (one count byte). */
    public static final int MAX_TAGS = 0xFF;

    /** The JGroups classes of the UUID family. */
    public enum Kind {
        /** {@code org.jgroups.util.UUID}. */
        UUID,
        /** {@code org.jgroups.util.FlagsUUID}: adds flags. */
        FLAGS_UUID,
        /** {@code org.jgroups.util.ExtendedUUID}: adds tags. */
        EXTENDED_UUID,
        /** {@code org.jgroups.protocols.relay.SiteUUID}: adds site and name. */
        SITE_UUID,
        /** {@code org.jgroups.protocols.relay.SiteMaster}: the site master of a site, all-zero bits. */
        SITE_MASTER
    }

    public UuidAddress {
        Objects.requireNonNull(kind, "kind");
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        if (kind == Kind.UUID && flags != 0) {
            throw new IllegalArgumentException("a plain UUID has no flags");
        }
        if (kind.compareTo(Kind.EXTENDED_UUID) < 0 && !tags.isEmpty()) {
            throw new IllegalArgumentException(kind + " has no tags");
        }
        if (kind.compareTo(Kind.SITE_UUID) < 0 && (site != null || name != null)) {
            throw new IllegalArgumentException(kind + " has no site or name");
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("too many tags: " + tags.size());
        }
        if (tags.size() > 1 && tags.stream().map(Tag::key).distinct().count() != tags.size()) {
            // JGroups keeps tags in a map: a key twice could not round-trip through a JGroups peer.
            throw new IllegalArgumentException("tag keys must be distinct: " + tags);
        }
    }

    /** A plain UUID address. */
    public static UuidAddress uuid(UUID uuid) {
        return new UuidAddress(Kind.UUID, uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), 0,
                List.of(), null, null);
    }

    /** A random plain UUID address. */
    public static UuidAddress randomUuid() {
        return uuid(UUID.randomUUID());
    }

    /** A member address in a site, as RELAY3 and bridge members use. */
    public static UuidAddress siteUuid(UUID uuid, String name, String site, int flags) {
        return new UuidAddress(Kind.SITE_UUID, uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(),
                flags, List.of(), site, name);
    }

    /** The site master of {@code site}; {@code null} means the site masters of every site. */
    public static UuidAddress siteMaster(String site) {
        return new UuidAddress(Kind.SITE_MASTER, 0, 0, 0, List.of(), site, null);
    }

    /**
     * Equal when every component is: the 128 bits are compared first, so that the common case in the hash
     * maps of the protocol (another member) is decided without comparing strings and tags.
     */
    @Override
    public boolean equals(Object o) {
        // Tags last and by identity first: nearly every address has none, and comparing two empty lists
        // through List.equals was a hot spot of every map lookup by address.
        return o == this || o instanceof UuidAddress other && msb == other.msb && lsb == other.lsb && kind == other.kind
                && flags == other.flags && Objects.equals(site, other.site) && Objects.equals(name, other.name)
                && (tags == other.tags || tags.isEmpty() && other.tags.isEmpty() || tags.equals(other.tags));
    }

    /** The 128 bits only: cheap, and consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Long.hashCode(msb) * 31 + Long.hashCode(lsb);
    }

    /** The 128 bits as a Java UUID. */
    public UUID uuid() {
        return new UUID(msb, lsb);
    }

    /**
     * How RouterStubGet prints it: {@code name:site} for site addresses ({@code name} alone outside a
     * site), the UUID otherwise.
     */
    @Override
    public String toString() {
        return switch (kind) {
            case SITE_UUID -> site == null ? String.valueOf(name) : name + ":" + site;
            case SITE_MASTER -> "SiteMaster(" + site + ")";
            default -> uuid().toString();
        };
    }
}
