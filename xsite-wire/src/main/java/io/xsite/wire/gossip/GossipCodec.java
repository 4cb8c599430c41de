package io.xsite.wire.gossip;

import static io.xsite.wire.codec.WireStrings.requireReadable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.codec.WireStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of one gossip router frame, JGroups' {@code GossipData.writeTo} (gossip-router-protocol.md,
 * 1.4 and 1.5). The 4-byte length before it belongs to the framing ({@link GossipFraming}).
 *
 * <pre>
 * type(1) | group(string) | address | sender
 *   [not MESSAGE: logical name(string) | ping count(2) + PingData... | physical address]
 * payload length(4) | payload
 *
 * PingData = sender address | flags(1: 0x01 server, 0x02 coord) | name(string) | physical address
 *            | member count(2; 0xFFFF = none) + addresses
 * </pre>
 */
public final class GossipCodec {
    private static final int NO_MEMBER_LIST = 0xFFFF;
    /** The fewest bytes one PingData can take: null sender, flags, null name, null physical, count. */
    private static final int MIN_PING_DATA_BYTES = 6;

    private GossipCodec() {
    }

    /** Writes the body of {@code data} to {@code out}; borrows {@code out}. */
    public static void encode(GossipData data, ByteBuf out) {
        out.writeByte(data.type().code());
        WireStrings.write(data.group(), out);
        AddressCodec.encode(data.address(), out);
        AddressCodec.encode(data.sender(), out);
        if (data.type() != GossipType.MESSAGE) {
            WireStrings.write(data.logicalName(), out);
            out.writeShort(data.pingData().size());
            for (PingData ping : data.pingData()) {
                encodePingData(ping, out);
            }
            AddressCodec.encode(data.physical(), out);
        }
        out.writeInt(data.payload().length);
        out.writeBytes(data.payload());
    }

    /**
     * The fields of a MESSAGE before its payload length (type, group, destination, sender): the same for
     * every message of one sender to one destination, so a sender may encode them once and write
     * {@code header | payload length(4) | payload} per message.
     */
    public static byte[] messageHeader(String group, Address destination, Address sender) {
        ByteBuf out = Unpooled.buffer(1 + WireStrings.encodedSize(group) + AddressCodec.encodedSize(destination)
                + AddressCodec.encodedSize(sender));
        try {
            out.writeByte(GossipType.MESSAGE.code());
            WireStrings.write(group, out);
            AddressCodec.encode(destination, out);
            AddressCodec.encode(sender, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Bytes {@link #encode} writes for {@code data}. */
    public static int encodedSize(GossipData data) {
        int size = 1 + WireStrings.encodedSize(data.group()) + AddressCodec.encodedSize(data.address())
                + AddressCodec.encodedSize(data.sender());
        if (data.type() != GossipType.MESSAGE) {
            size += WireStrings.encodedSize(data.logicalName()) + 2 + AddressCodec.encodedSize(data.physical());
            for (PingData ping : data.pingData()) {
                size += pingDataSize(ping);
            }
        }
        return size + 4 + data.payload().length;
    }

    /**
     * Reads one frame body, which must fill {@code in} exactly; borrows {@code in}.
     *
     * @throws MalformedFrameException if any field is out of bounds or bytes are left over
     */
    public static GossipData decode(ByteBuf in) {
        return decode(GossipHeader.read(in), in);
    }

    /** As {@link #decode(ByteBuf)}, reading the header with {@code headers} (a connection's repeats skip decoding). */
    public static GossipData decode(ByteBuf in, MessageHeaderReader headers) {
        return decode(headers.read(in), in);
    }

    /** The rest of a frame body after {@code header}. */
    private static GossipData decode(GossipHeader header, ByteBuf in) {
        String logicalName = null;
        List<PingData> pingData = List.of();
        Address physical = null;
        if (header.type() != GossipType.MESSAGE) {
            logicalName = WireStrings.read(in, "logical name");
            requireReadable(in, 2, "ping data count");
            int count = MalformedFrameException.checkCount("ping data count", in.readShort(), Short.MAX_VALUE,
                    in.readableBytes() / MIN_PING_DATA_BYTES);
            pingData = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                pingData.add(decodePingData(in));
            }
            physical = AddressCodec.decode(in);
        }
        byte[] payload = new byte[readPayloadLength(in)];
        in.readBytes(payload);
        return new GossipData(header.type(), header.group(), header.address(), header.sender(), logicalName,
                pingData, physical, payload);
    }

    /**
     * Reads the payload length that follows a frame's header fields and checks that the payload fills
     * the rest of the frame exactly; leaves {@code in} at the payload. For a reader that takes a
     * MESSAGE's payload as a slice after {@link MessageHeaderReader#read}.
     *
     * @throws MalformedFrameException if the length is missing or disagrees with the bytes left
     */
    public static int readPayloadLength(ByteBuf in) {
        requireReadable(in, 4, "payload length");
        int length = MalformedFrameException.checkCount("payload length", in.readInt(), Integer.MAX_VALUE,
                in.readableBytes());
        if (in.readableBytes() != length) {
            throw new MalformedFrameException("bytes after payload", in.readableBytes() - length);
        }
        return length;
    }

    private static void encodePingData(PingData ping, ByteBuf out) {
        AddressCodec.encode(ping.sender(), out);
        int flags = (ping.server() ? PingData.IS_SERVER : 0) | (ping.coordinator() ? PingData.IS_COORD : 0);
        out.writeByte(flags);
        WireStrings.write(ping.logicalName(), out);
        AddressCodec.encode(ping.physical(), out);
        if (ping.members() == null) {
            out.writeShort(NO_MEMBER_LIST);
        } else {
            out.writeShort(ping.members().size());
            for (Address member : ping.members()) {
                AddressCodec.encode(member, out);
            }
        }
    }

    private static int pingDataSize(PingData ping) {
        int size = AddressCodec.encodedSize(ping.sender()) + 1 + WireStrings.encodedSize(ping.logicalName())
                + AddressCodec.encodedSize(ping.physical()) + 2;
        if (ping.members() != null) {
            for (Address member : ping.members()) {
                size += AddressCodec.encodedSize(member);
            }
        }
        return size;
    }

    private static PingData decodePingData(ByteBuf in) {
        Address sender = AddressCodec.decode(in);
        requireReadable(in, 1, "ping data flags");
        int flags = in.readUnsignedByte();
        String name = WireStrings.read(in, "ping data name");
        Address physical = AddressCodec.decode(in);
        requireReadable(in, 2, "ping data member count");
        int count = in.readUnsignedShort();
        List<Address> members = null;
        if (count != NO_MEMBER_LIST) {
            MalformedFrameException.checkCount("ping data member count", count, NO_MEMBER_LIST - 1,
                    in.readableBytes());
            members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                members.add(AddressCodec.decode(in));
            }
        }
        return new PingData(sender, (flags & PingData.IS_SERVER) != 0, (flags & PingData.IS_COORD) != 0, name,
                physical, members);
    }
}
