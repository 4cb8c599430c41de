package io.xsite.wire.address;

import static io.xsite.wire.codec.WireStrings.requireReadable;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress.Kind;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.codec.WireStrings;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Addresses in JGroups' {@code Util.writeAddress} form (gossip-router-protocol.md, section 1.3): a
 * flag byte chosen by the address class, then the class body.
 *
 * <pre>
 * flag 0x01 null          (no body)
 * flag 0x02 UUID          lsb(8) msb(8)                       -- note: least significant half first
 * flag 0x04 SiteUUID      UUID | flags | tags | site | name
 * flag 0x08 SiteMaster    UUID | flags | tags | site | name   -- UUID all zero, name null
 * flag 0x10 IpAddress     len(1: 0, 4 or 16) | ip(len) | [scope id(4) if len 16] | port(2)
 * flag 0x00 other         magic(2): 19 FlagsUUID = UUID | flags; 12 ExtendedUUID = UUID | flags | tags
 *
 * flags = compressed int: 0x00 for 0, else n (1..4) then n bytes, least significant first
 * tags  = count(1) then per tag: keyLen(1) key | valueLen(1, 0 = null) value
 * site, name = WireStrings
 * </pre>
 */
public final class AddressCodec {
    static final int NULL_ADDRESS = 0x01;
    static final int UUID_ADDRESS = 0x02;
    static final int SITE_UUID = 0x04;
    static final int SITE_MASTER = 0x08;
    static final int IP_ADDRESS = 0x10;
    static final int OTHER = 0x00;
    static final int MAGIC_EXTENDED_UUID = 12;
    static final int MAGIC_FLAGS_UUID = 19;

    private static final int UUID_BYTES = 16;

    private AddressCodec() {
    }

    /** Writes {@code address} (nullable) to {@code out}; borrows {@code out}. */
    public static void encode(Address address, ByteBuf out) {
        if (address == null) {
            out.writeByte(NULL_ADDRESS);
        } else if (address instanceof IpAddress ip) {
            out.writeByte(IP_ADDRESS);
            encodeIp(ip, out);
        } else {
            encodeUuid((UuidAddress) address, out);
        }
    }

    /** Bytes {@link #encode} writes for {@code address}. */
    public static int encodedSize(Address address) {
        if (address == null) {
            return 1;
        }
        if (address instanceof IpAddress ip) {
            int ipBytes = ip.ip() == null ? 0 : ip.ip().getAddress().length;
            return 1 + 1 + ipBytes + (ipBytes == UUID_BYTES ? 4 : 0) + 2;
        }
        UuidAddress u = (UuidAddress) address;
        int size = 1 + UUID_BYTES;
        switch (u.kind()) {
            case UUID -> {
                return size;
            }
            case FLAGS_UUID -> {
                return size + 2 + compressedIntSize(u.flags());
            }
            case EXTENDED_UUID -> {
                return size + 2 + compressedIntSize(u.flags()) + tagsSize(u.tags());
            }
            default -> {
                return size + compressedIntSize(u.flags()) + tagsSize(u.tags())
                        + WireStrings.encodedSize(u.site()) + WireStrings.encodedSize(u.name());
            }
        }
    }

    /**
     * Reads one address, or {@code null} for the null address; borrows {@code in}.
     *
     * @throws MalformedFrameException on an unknown flag or magic number, or a truncated body
     */
    public static Address decode(ByteBuf in) {
        requireReadable(in, 1, "address flag");
        int flag = in.readUnsignedByte();
        return switch (flag) {
            case NULL_ADDRESS -> null;
            case UUID_ADDRESS -> decodeUuidFamily(Kind.UUID, in);
            case SITE_UUID -> decodeUuidFamily(Kind.SITE_UUID, in);
            case SITE_MASTER -> decodeUuidFamily(Kind.SITE_MASTER, in);
            case IP_ADDRESS -> decodeIp(in);
            case OTHER -> {
                requireReadable(in, 2, "address magic");
                int magic = in.readUnsignedShort();
                yield switch (magic) {
                    case MAGIC_FLAGS_UUID -> decodeUuidFamily(Kind.FLAGS_UUID, in);
                    case MAGIC_EXTENDED_UUID -> decodeUuidFamily(Kind.EXTENDED_UUID, in);
                    default -> throw new MalformedFrameException("address magic", magic);
                };
            }
            default -> throw new MalformedFrameException("address flag", flag);
        };
    }

    private static void encodeUuid(UuidAddress u, ByteBuf out) {
        switch (u.kind()) {
            case UUID -> out.writeByte(UUID_ADDRESS);
            case FLAGS_UUID -> out.writeByte(OTHER).writeShort(MAGIC_FLAGS_UUID);
            case EXTENDED_UUID -> out.writeByte(OTHER).writeShort(MAGIC_EXTENDED_UUID);
            case SITE_UUID -> out.writeByte(SITE_UUID);
            case SITE_MASTER -> out.writeByte(SITE_MASTER);
            default -> throw new IllegalStateException("unknown kind " + u.kind());
        }
        out.writeLong(u.lsb()).writeLong(u.msb());
        if (u.kind() == Kind.UUID) {
            return;
        }
        writeCompressedInt(u.flags(), out);
        if (u.kind() == Kind.FLAGS_UUID) {
            return;
        }
        out.writeByte(u.tags().size());
        for (Tag tag : u.tags()) {
            writeTagBytes(tag.key(), out);
            writeTagBytes(tag.value(), out);
        }
        if (u.kind() == Kind.EXTENDED_UUID) {
            return;
        }
        WireStrings.write(u.site(), out);
        WireStrings.write(u.name(), out);
    }

    private static UuidAddress decodeUuidFamily(Kind kind, ByteBuf in) {
        requireReadable(in, UUID_BYTES, "uuid");
        long lsb = in.readLong();
        long msb = in.readLong();
        if (kind == Kind.UUID) {
            return new UuidAddress(kind, msb, lsb, 0, List.of(), null, null);
        }
        int flags = readCompressedInt(in);
        if (kind == Kind.FLAGS_UUID) {
            return new UuidAddress(kind, msb, lsb, flags, List.of(), null, null);
        }
        List<Tag> tags = readTags(in);
        if (kind == Kind.EXTENDED_UUID) {
            return new UuidAddress(kind, msb, lsb, flags, tags, null, null);
        }
        String site = WireStrings.read(in, "address site");
        String name = WireStrings.read(in, "address name");
        return new UuidAddress(kind, msb, lsb, flags, tags, site, name);
    }

    private static void encodeIp(IpAddress ip, ByteBuf out) {
        if (ip.ip() == null) {
            out.writeByte(0);
        } else {
            byte[] bytes = ip.ip().getAddress();
            out.writeByte(bytes.length).writeBytes(bytes);
            if (ip.ip() instanceof Inet6Address v6) {
                out.writeInt(v6.getScopeId());
            }
        }
        out.writeShort(ip.port());
    }

    private static IpAddress decodeIp(ByteBuf in) {
        requireReadable(in, 1, "ip length");
        int length = in.readUnsignedByte();
        InetAddress ip = switch (length) {
            case 0 -> null;
            case 4 -> {
                requireReadable(in, 4, "ipv4");
                byte[] bytes = new byte[4];
                in.readBytes(bytes);
                yield v4(bytes);
            }
            case UUID_BYTES -> {
                requireReadable(in, UUID_BYTES + 4, "ipv6");
                byte[] bytes = new byte[UUID_BYTES];
                in.readBytes(bytes);
                yield v6(bytes, in.readInt());
            }
            default -> throw new MalformedFrameException("ip length", length);
        };
        requireReadable(in, 2, "port");
        return new IpAddress(ip, in.readUnsignedShort());
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    private static InetAddress v6(byte[] bytes, int scopeId) {
        try {
            // Inet6Address explicitly: InetAddress.getByAddress would turn ::ffff:a.b.c.d into IPv4.
            return Inet6Address.getByAddress(null, bytes, scopeId < 0 ? 0 : scopeId);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }

    private static List<Tag> readTags(ByteBuf in) {
        requireReadable(in, 1, "tag count");
        int count = in.readUnsignedByte();
        MalformedFrameException.checkCount("tag count", count, UuidAddress.MAX_TAGS, in.readableBytes());
        if (count == 0) {
            return List.of();
        }
        List<Tag> tags = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = readTagBytes(in, "tag key");
            if (key == null) {
                throw new MalformedFrameException("tag key length", 0);
            }
            Tag tag = new Tag(key, readTagBytes(in, "tag value"));
            if (tags.stream().anyMatch(t -> t.key().equals(tag.key()))) {
                throw new MalformedFrameException("tag key repeated: " + tag.key());
            }
            tags.add(tag);
        }
        return tags;
    }

    private static String readTagBytes(ByteBuf in, String field) {
        requireReadable(in, 1, field);
        int length = in.readUnsignedByte();
        if (length == 0) {
            return null;
        }
        requireReadable(in, length, field);
        return in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString();
    }

    private static void writeTagBytes(String text, ByteBuf out) {
        if (text == null) {
            out.writeByte(0);
        } else {
            out.writeByte(text.length());
            out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        }
    }

    private static int tagsSize(List<Tag> tags) {
        int size = 1;
        for (Tag tag : tags) {
            size += 1 + tag.key().length() + 1 + (tag.value() == null ? 0 : tag.value().length());
        }
        return size;
    }

    /** JGroups' {@code Bits.writeIntCompressed}: a byte count, then the significant bytes little-endian. */
    static void writeCompressedInt(int value, ByteBuf out) {
        int bytes = compressedIntSize(value) - 1;
        out.writeByte(bytes);
        for (int i = 0; i < bytes; i++) {
            out.writeByte((value >>> (8 * i)) & 0xFF);
        }
    }

    static int compressedIntSize(int value) {
        if (value == 0) {
            return 1;
        }
        int significantBytes = (32 - Integer.numberOfLeadingZeros(value) + 7) / 8;
        return 1 + significantBytes;
    }

    static int readCompressedInt(ByteBuf in) {
        requireReadable(in, 1, "flags length");
        int bytes = in.readUnsignedByte();
        if (bytes > 4) {
            throw new MalformedFrameException("flags length", bytes);
        }
        requireReadable(in, bytes, "flags");
        int value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= in.readUnsignedByte() << (8 * i);
        }
        return value;
    }
}
