package io.xsite.core.internal.delivery;

import static io.xsite.wire.codec.WireStrings.requireReadable;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.core.internal.delivery.DeliveryMessage.Ack;
import io.xsite.core.internal.delivery.DeliveryMessage.Data;
import io.xsite.core.delivery.Message;
import java.util.Map;

/**
 * The body of delivery frames, after the {@link io.xsite.core.frame.FrameEnvelope} whose type byte
 * ({@link #DATA} or {@link #ACK}, in the delivery range {@code 0x20-0x3F}) selects the layout.
 *
 * <pre>
 * DATA 0x20  epoch(8) | seq(8) | lowestUnacked(8) | kind(1: 0 one-way, 1 request, 2 response)
 *            | [requestId(8), unless one-way] | destination(1: 0 everyone, 1 the receiver)
 *            | header count(1) | (key(string) value(string)) x count | payload length(4) | payload
 * ACK  0x21  epoch(8) | seq(8)
 *
 * string = WireStrings (never null here)
 * seq    = 1 &lt;= lowestUnacked &lt;= seq &lt;= DeliveryMessage.MAX_SEQUENCE; an ack's seq 0..MAX_SEQUENCE
 * </pre>
 *
 * A DATA frame names no member: its sender is the envelope's (delivery refuses a parcel from anybody
 * else), and its destination is everyone or the member that receives the frame (delivery refuses any
 * other). Two full addresses per frame, with their name and site strings, were most of the bytes and
 * of the decoding work of a small message.
 *
 * Decoding checks every count and length against the bytes left and a cap before it allocates, and
 * requires the body to fill the frame exactly.
 *
 * <p>One codec per member ({@code MemberFrames} owns it): it remembers the last header map it wrote or read
 * ({@link RecentHeaders}), which no other member of the JVM sees. Functions that remember nothing are static.
 */
public final class DeliveryCodec {
    /** Frame type of {@link Data}. */
    public static final int DATA = 0x20;
    /** Frame type of {@link Ack}. */
    public static final int ACK = 0x21;
    /** First frame type of the delivery family. */
    public static final int FIRST_TYPE = 0x20;
    /** Last frame type of the delivery family. */
    public static final int LAST_TYPE = 0x3F;

    private static final int DATA_FIXED_BYTES = 8 + 8 + 8 + 1;
    private static final int TO_EVERYONE = 0;
    private static final int TO_RECEIVER = 1;
    private static final int ACK_BYTES = 8 + 8;

    private final RecentHeaders recentHeaders = new RecentHeaders();

    /** A codec with no header map remembered yet, for one member. */
    public DeliveryCodec() {
    }

    /** Whether {@code type} belongs to this family. */
    public static boolean owns(int type) {
        return type >= FIRST_TYPE && type <= LAST_TYPE;
    }

    /** The frame type to put in the envelope for {@code message}. */
    public static int type(DeliveryMessage message) {
        return message instanceof Data ? DATA : ACK;
    }

    /** Writes the body of {@code message}; borrows {@code out}. */
    public void encode(DeliveryMessage message, ByteBuf out) {
        if (message instanceof Data data) {
            encodeData(data, out);
        } else {
            Ack ack = (Ack) message;
            out.writeLong(ack.epoch()).writeLong(ack.seq());
        }
    }

    /** Bytes {@link #encode} writes for {@code message}. */
    public static int encodedSize(DeliveryMessage message) {
        if (!(message instanceof Data data)) {
            return ACK_BYTES;
        }
        Message m = data.parcel().message();
        return DATA_FIXED_BYTES + (data.parcel().kind() == Parcel.Kind.ONE_WAY ? 0 : 8)
                + 1 + 1 + m.headerBytes() + 4 + m.payloadLength();
    }

    /**
     * Reads the body of a frame of {@code type}, which must fill {@code in} exactly; borrows {@code in}.
     * Every payload is copied out of it.
     *
     * @param sender   the member that sent the frame (its envelope's sender): the sender of a DATA message
     * @param receiver the member that received it: the destination of a DATA message not sent to everyone
     * @throws MalformedFrameException on an unknown type, a field out of bounds or bytes left over
     */
    public DeliveryMessage decode(int type, ByteBuf in, UuidAddress sender, UuidAddress receiver) {
        return decode(type, in, sender, receiver, Integer.MAX_VALUE);
    }

    /**
     * As {@link #decode(int, ByteBuf, UuidAddress, UuidAddress)}, except that the payload of a one-way message
     * of at least {@code keptPayloadBytes} stays in {@code in}: the message holds a retained slice of it (see
     * {@link Message}), which whoever takes the message releases.
     */
    public DeliveryMessage decode(int type, ByteBuf in, UuidAddress sender, UuidAddress receiver,
                                  int keptPayloadBytes) {
        DeliveryMessage message = switch (type) {
            case DATA -> decodeData(in, sender, receiver, keptPayloadBytes);
            case ACK -> {
                requireReadable(in, ACK_BYTES, "ack");
                long epoch = in.readLong();
                long seq = in.readLong();
                if (seq < 0 || seq > DeliveryMessage.MAX_SEQUENCE) {
                    throw new MalformedFrameException("ack seq", seq);
                }
                yield new Ack(epoch, seq);
            }
            default -> throw new MalformedFrameException("delivery frame type", type);
        };
        if (in.isReadable()) {
            throw new MalformedFrameException("bytes after delivery frame", in.readableBytes());
        }
        return message;
    }

    private void encodeData(Data data, ByteBuf out) {
        Parcel parcel = data.parcel();
        Message m = parcel.message();
        out.writeLong(data.epoch()).writeLong(data.seq()).writeLong(data.lowestUnacked());
        out.writeByte(parcel.kind().code());
        if (parcel.kind() != Parcel.Kind.ONE_WAY) {
            out.writeLong(parcel.requestId());
        }
        out.writeByte(m.destination() == null ? TO_EVERYONE : TO_RECEIVER);
        recentHeaders.write(m.headers(), out);
        out.writeInt(m.payloadLength());
        m.writePayload(out);
    }

    private Data decodeData(ByteBuf in, UuidAddress sender, UuidAddress receiver, int keptPayloadBytes) {
        requireReadable(in, DATA_FIXED_BYTES, "data");
        long epoch = in.readLong();
        long seq = in.readLong();
        long lowestUnacked = in.readLong();
        if (lowestUnacked < 1 || lowestUnacked > seq || seq > DeliveryMessage.MAX_SEQUENCE) {
            throw new MalformedFrameException("data seq " + seq + " lowest unacked " + lowestUnacked);
        }
        Parcel.Kind kind = Parcel.Kind.CODES.decode(in.readUnsignedByte());
        long requestId = 0;
        if (kind != Parcel.Kind.ONE_WAY) {
            requireReadable(in, 8, "request id");
            requestId = in.readLong();
            if (requestId <= 0) {
                throw new MalformedFrameException("request id", requestId);
            }
        }
        requireReadable(in, 1, "destination");
        UuidAddress destination = switch (in.readUnsignedByte()) {
            case TO_EVERYONE -> null;
            case TO_RECEIVER -> receiver;
            default -> throw new MalformedFrameException("data destination", in.getUnsignedByte(in.readerIndex() - 1));
        };
        Map<String, String> headers = recentHeaders.read(in);
        requireReadable(in, 4, "payload length");
        int length = MalformedFrameException.checkCount("payload length", in.readInt(), Message.MAX_PAYLOAD_BYTES,
                in.readableBytes());
        if (length != in.readableBytes()) {
            // Checked before a slice is taken: a frame refused after it would leak it.
            throw new MalformedFrameException("bytes after delivery frame", in.readableBytes() - length);
        }
        Message message;
        if (kind == Parcel.Kind.ONE_WAY && length >= keptPayloadBytes) {
            message = Message.inBuffer(sender, destination, headers, in.readRetainedSlice(length));
        } else {
            byte[] payload = new byte[length];
            in.readBytes(payload);
            message = new Message(sender, destination, headers, payload);
        }
        return new Data(epoch, seq, lowestUnacked, new Parcel(kind, requestId, message));
    }
}
