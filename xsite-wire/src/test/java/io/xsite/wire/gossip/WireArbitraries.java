package io.xsite.wire.gossip;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.Tag;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.address.UuidAddress.Kind;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for every address type and frame type of the gossip router protocol. */
public final class WireArbitraries {
    private WireArbitraries() {
    }

    /** Strings with ASCII, NUL, two- and three-byte characters and surrogate pairs; sometimes null. */
    public static Arbitrary<String> wireStrings() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(10),
                Arbitraries.strings().all().ofMaxLength(10),
                Arbitraries.of("nyc", "sfc", "bridge", "_nyc1", "\uD83D\uDE00site", ""));
        return text.injectNull(0.1);
    }

    /** Physical addresses: IPv4, IPv6 with scope, or no IP. */
    public static Arbitrary<IpAddress> ipAddresses() {
        Arbitrary<Integer> ports = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<InetAddress> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4).map(WireArbitraries::v4);
        Arbitrary<InetAddress> v6 = Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofSize(16), Arbitraries.integers().between(0, 9))
                .as(WireArbitraries::v6);
        return Combinators.combine(Arbitraries.oneOf(v4, v6).injectNull(0.1), ports).as(IpAddress::new);
    }

    /** Logical addresses of every kind of the UUID family. */
    public static Arbitrary<UuidAddress> uuidAddresses() {
        Arbitrary<Kind> kinds = Arbitraries.of(Kind.class);
        Arbitrary<Long> longs = Arbitraries.longs();
        Arbitrary<Integer> flags = Arbitraries.oneOf(Arbitraries.of(0, 2), Arbitraries.integers().between(0, 0x7FFF),
                Arbitraries.integers());
        Arbitrary<List<Tag>> tags = tags().list().ofMaxSize(4).uniqueElements(Tag::key);
        return Combinators.combine(kinds, longs, longs, flags, tags, wireStrings(), wireStrings())
                .as(WireArbitraries::uuidAddress);
    }

    /** Any address or null. */
    public static Arbitrary<Address> addresses() {
        return Arbitraries.<Address>oneOf(uuidAddresses(), ipAddresses()).injectNull(0.15);
    }

    /** Any frame of any type. */
    public static Arbitrary<GossipData> gossipData() {
        Arbitrary<List<PingData>> pings = pingData().list().ofMaxSize(4);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(Arbitraries.of(GossipType.class), wireStrings(), addresses(), addresses(),
                        wireStrings(), pings, addresses(), payloads)
                .as((type, group, address, sender, name, ping, physical, payload) -> type == GossipType.MESSAGE
                        ? GossipData.message(group, address, sender, payload)
                        : new GossipData(type, group, address, sender, name, ping, physical, payload));
    }

    /** Members entries, with or without a member list. */
    public static Arbitrary<PingData> pingData() {
        Arbitrary<List<Address>> members = addresses().list().ofMaxSize(3).injectNull(0.5);
        return Combinators.combine(addresses(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                wireStrings(), addresses(), members).as(PingData::new);
    }

    private static Arbitrary<Tag> tags() {
        net.jqwik.api.arbitraries.StringArbitrary latin1 = Arbitraries.strings().withCharRange('\u0000', '\u00ff');
        return Combinators.combine(latin1.ofMinLength(1).ofMaxLength(12), latin1.ofMaxLength(12).injectNull(0.2))
                .as(Tag::new);
    }

    private static UuidAddress uuidAddress(Kind kind, long msb, long lsb, int flags, List<Tag> tags, String site,
                                           String name) {
        boolean hasFlags = kind != Kind.UUID;
        boolean hasTags = kind.compareTo(Kind.EXTENDED_UUID) >= 0;
        boolean hasSite = kind.compareTo(Kind.SITE_UUID) >= 0;
        if (kind == Kind.SITE_MASTER) {
            // As JGroups builds them: all-zero bits and no name.
            return new UuidAddress(kind, 0, 0, flags, tags, site, null);
        }
        return new UuidAddress(kind, msb, lsb, hasFlags ? flags : 0, hasTags ? tags : List.of(),
                hasSite ? site : null, hasSite ? name : null);
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress v6(byte[] bytes, int scope) {
        try {
            return Inet6Address.getByAddress(null, bytes, scope);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
