package io.xsite.core.frame;

import static io.xsite.wire.codec.WireStrings.requireReadable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.ByteRegions;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.codec.WireStrings;
import java.util.Objects;

/**
 * The header of every member-to-member frame; the body after it belongs to the codec of the frame's
 * family, chosen by the type byte (membership and delivery each own a range of types).
 *
 * <pre>
 * +---------+------+------------------+---------------------+---------------------+
 * | version | type | cluster (string) | sender (address)    | body (to the end)   |
 * | 1 byte  | 1 B  | WireStrings      | AddressCodec (UUID) | family codec        |
 * +---------+------+------------------+---------------------+---------------------+
 * </pre>
 *
 * The 4-byte frame length before the version belongs to the transport's framing.
 *
 * @param type    the frame type, {@code 0..255}
 * @param cluster the cluster the sender belongs to; frames of another cluster are dropped
 * @param sender  the sending member
 */
public record FrameEnvelope(int type, String cluster, UuidAddress sender) {
    /** The only version this code speaks; a frame with another version is dropped. */
    public static final int VERSION = 1;
    /** Offset of the version byte in the header. */
    private static final int VERSION_OFFSET = 0;
    /** Offset of the type byte in the header. */
    private static final int TYPE_OFFSET = 1;
    /** Offset of the cluster name, where the identity (cluster and sender) starts. */
    private static final int IDENTITY_OFFSET = 2;

    public FrameEnvelope {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("frame type out of range: " + type);
        }
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(sender, "sender");
    }

    /** Writes the header; the caller writes the body after it. Borrows {@code out}. */
    public void encode(ByteBuf out) {
        encode(type, identity(cluster, sender), out);
    }

    /** Bytes {@link #encode} writes. */
    public int encodedSize() {
        return IDENTITY_OFFSET + WireStrings.encodedSize(cluster) + AddressCodec.encodedSize(sender);
    }

    /**
     * The encoded cluster and sender, the part of the header that stays the same for every frame one member
     * sends: such a member encodes it once and writes headers with {@link #encode(int, byte[], ByteBuf)}.
     */
    public static byte[] identity(String cluster, UuidAddress sender) {
        ByteBuf buf = Unpooled.buffer(WireStrings.encodedSize(cluster) + AddressCodec.encodedSize(sender));
        try {
            WireStrings.write(cluster, buf);
            AddressCodec.encode(sender, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * Reads the header when it is this version's and carries exactly {@code identity} (see {@link #identity}),
     * leaving the reader index at the body, as {@link #decode} would; else leaves {@code in} untouched.
     * A member knows whom a connection belongs to, so it compares bytes instead of decoding the cluster
     * name and the sender's address (and their strings) out of every frame. Borrows {@code in}.
     *
     * @return the frame type, or -1 when the header is not the expected one (decode it to learn why)
     */
    public static int readTypeIfFrom(ByteBuf in, byte[] identity) {
        int start = in.readerIndex();
        if (in.readableBytes() < IDENTITY_OFFSET + identity.length
                || in.getUnsignedByte(start + VERSION_OFFSET) != VERSION
                || !ByteRegions.equals(in, start + IDENTITY_OFFSET, identity)) {
            return -1;
        }
        int type = in.getUnsignedByte(start + TYPE_OFFSET);
        in.readerIndex(start + IDENTITY_OFFSET + identity.length);
        return type;
    }

    /** Writes the header of a frame of {@code type} from {@code identity} (see {@link #identity}); borrows {@code out}. */
    public static void encode(int type, byte[] identity, ByteBuf out) {
        out.writeByte(VERSION);
        out.writeByte(type);
        out.writeBytes(identity);
    }

    /**
     * Reads the header and leaves the reader index at the body; borrows {@code in}.
     *
     * @throws UnsupportedVersionException if the version byte is not {@link #VERSION}
     * @throws MalformedFrameException     if a field is out of bounds
     */
    public static FrameEnvelope decode(ByteBuf in) {
        requireReadable(in, IDENTITY_OFFSET, "frame header");
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new UnsupportedVersionException(version);
        }
        int type = in.readUnsignedByte();
        String cluster = WireStrings.read(in, "cluster");
        if (cluster == null) {
            throw new MalformedFrameException("frame without cluster");
        }
        Address sender = AddressCodec.decode(in);
        if (!(sender instanceof UuidAddress member)) {
            throw new MalformedFrameException("frame sender is not a member address: " + sender);
        }
        return new FrameEnvelope(type, cluster, member);
    }

    /** A frame of a version this code does not speak. */
    public static final class UnsupportedVersionException extends MalformedFrameException {
        private static final long serialVersionUID = 1L;

        UnsupportedVersionException(int version) {
            super("frame version", version);
        }
    }
}
