package io.xsite.wire.address;

/**
 * An address as JGroups puts it on the wire: a logical member address ({@link UuidAddress}, with its
 * flags, tags, site and name where its kind has them) or a physical one ({@link IpAddress}). The
 * absence of an address (JGroups' {@code null}, "everyone" as a destination) is Java {@code null}
 * wherever a field allows it.
 */
public sealed interface Address permits UuidAddress, IpAddress {
}
