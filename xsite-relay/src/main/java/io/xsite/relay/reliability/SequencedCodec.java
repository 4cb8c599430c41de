package io.xsite.relay.reliability;

import static io.xsite.core.codec.WireStrings.requireReadable;

import io.netty.buffer.ByteBuf;
import io.xsite.core.address.Address;
import io.xsite.core.address.AddressCodec;
import io.xsite.core.address.UuidAddress;
import io.xsite.core.codec.MalformedFrameException;
import io.xsite.core.codec.WireStrings;
import io.xsite.core.delivery.Message;

/**
 * The wire form of {@link Sequenced} and {@link Ack}, as parts of a relay envelope (whose kind says
 * which of the two follows, so neither carries a type byte). Each decoder reads exactly its part
 * from the reader index and leaves the rest.
 *
 * <pre>
 * Sequenced  origin(address) | destination | epoch(8) | seq(8) | lowestUnacked(8) | body length(4) | body
 * Ack        origin(address) | destination | epoch(8) | seq(8)
 *
 * destination = 0x01 member(address) | 0x02 site(string)
 * address = AddressCodec, a member address, never null; string = WireStrings, never null or blank
 * </pre>
 *
 * Decoding checks every length against the bytes left and a cap before it allocates, and turns every
 * field out of range into a {@link MalformedFrameException}.
 */
public final class SequencedCodec {
    /** Destination tag of {@link Destination.Member}. */
    static final int MEMBER = 0x01;
    /** Destination tag of {@link Destination.Site}. */
    static final int SITE = 0x02;
    /** Largest body accepted: it travels inside one local message. */
    public static final int MAX_BODY_BYTES = Message.MAX_PAYLOAD_BYTES;

    private static final int COUNTERS_BYTES = 8 + 8;

    private SequencedCodec() {
    }

    /** Writes {@code element}; borrows {@code out}. */
    public static void encode(Sequenced element, ByteBuf out) {
        if (element.body().length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body of " + element.body().length + " bytes exceeds " + MAX_BODY_BYTES);
        }
        writeStream(element.origin(), element.destination(), element.epoch(), element.seq(), out);
        out.writeLong(element.lowestUnacked());
        out.writeInt(element.body().length);
        out.writeBytes(element.body());
    }

    /** Writes {@code ack}; borrows {@code out}. */
    public static void encode(Ack ack, ByteBuf out) {
        writeStream(ack.origin(), ack.destination(), ack.epoch(), ack.seq(), out);
    }

    /** Bytes {@link #encode(Sequenced, ByteBuf)} writes for {@code element}. */
    public static int encodedSize(Sequenced element) {
        return streamSize(element.origin(), element.destination()) + 8 + 4 + element.body().length;
    }

    /** Bytes {@link #encode(Ack, ByteBuf)} writes for {@code ack}. */
    public static int encodedSize(Ack ack) {
        return streamSize(ack.origin(), ack.destination());
    }

    /**
     * Reads one {@link Sequenced}; borrows {@code in}.
     *
     * @throws MalformedFrameException on a field out of range or fewer bytes than a field needs
     */
    public static Sequenced decodeSequenced(ByteBuf in) {
        UuidAddress origin = member(in, "origin");
        Destination destination = destination(in);
        requireReadable(in, COUNTERS_BYTES + 8 + 4, "sequenced");
        long epoch = in.readLong();
        long seq = in.readLong();
        long lowestUnacked = in.readLong();
        if (epoch == OriginEpochs.NO_EPOCH || seq < 1 || lowestUnacked < 1 || lowestUnacked > seq) {
            throw new MalformedFrameException("sequenced epoch " + epoch + " seq " + seq + " lowest unacked "
                    + lowestUnacked);
        }
        int length = MalformedFrameException.checkCount("body length", in.readInt(), MAX_BODY_BYTES,
                in.readableBytes());
        byte[] body = new byte[length];
        in.readBytes(body);
        return new Sequenced(origin, destination, epoch, seq, lowestUnacked, body);
    }

    /**
     * Reads one {@link Ack}; borrows {@code in}.
     *
     * @throws MalformedFrameException on a field out of range or fewer bytes than a field needs
     */
    public static Ack decodeAck(ByteBuf in) {
        UuidAddress origin = member(in, "origin");
        Destination destination = destination(in);
        requireReadable(in, COUNTERS_BYTES, "ack");
        long epoch = in.readLong();
        long seq = in.readLong();
        if (epoch == OriginEpochs.NO_EPOCH || seq < 0) {
            throw new MalformedFrameException("ack epoch " + epoch + " seq " + seq);
        }
        return new Ack(origin, destination, epoch, seq);
    }

    private static void writeStream(UuidAddress origin, Destination destination, long epoch, long seq, ByteBuf out) {
        AddressCodec.encode(origin, out);
        if (destination instanceof Destination.Member member) {
            out.writeByte(MEMBER);
            AddressCodec.encode(member.member(), out);
        } else {
            out.writeByte(SITE);
            WireStrings.write(((Destination.Site) destination).site(), out);
        }
        out.writeLong(epoch).writeLong(seq);
    }

    private static int streamSize(UuidAddress origin, Destination destination) {
        int destinationSize = destination instanceof Destination.Member member
                ? AddressCodec.encodedSize(member.member())
                : WireStrings.encodedSize(((Destination.Site) destination).site());
        return AddressCodec.encodedSize(origin) + 1 + destinationSize + COUNTERS_BYTES;
    }

    private static Destination destination(ByteBuf in) {
        requireReadable(in, 1, "destination tag");
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case MEMBER -> new Destination.Member(member(in, "destination member"));
            case SITE -> {
                String site = WireStrings.read(in, "destination site");
                if (site == null || site.isBlank()) {
                    throw new MalformedFrameException("destination site is null or blank");
                }
                yield new Destination.Site(site);
            }
            default -> throw new MalformedFrameException("destination tag", tag);
        };
    }

    private static UuidAddress member(ByteBuf in, String field) {
        Address address = AddressCodec.decode(in);
        if (!(address instanceof UuidAddress member)) {
            throw new MalformedFrameException(field + " is not a member address: " + address);
        }
        return member;
    }
}
