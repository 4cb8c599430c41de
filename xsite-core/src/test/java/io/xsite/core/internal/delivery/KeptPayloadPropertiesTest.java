package io.xsite.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.core.internal.delivery.DeliveryMessage.Data;
import io.xsite.core.delivery.DeliveryConfig;
import io.xsite.core.delivery.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * Payloads kept in the buffer they arrived in (a site master's): on the wire they are the bytes an array
 * gives, and every buffer is released exactly once, whether its message is delivered, acknowledged, resent,
 * refused, given up or still held when the delivery closes. Buffers are direct ones of their own, so a
 * release too many throws and one too few shows as a reference count left.
 */
class KeptPayloadPropertiesTest {
    private static final UuidAddress SENDER = UuidAddress.siteUuid(new UUID(1, 1), "sender", "nyc", 0);
    private static final UuidAddress RECEIVER = UuidAddress.siteUuid(new UUID(2, 2), "receiver", "nyc", 0);
    private final DeliveryCodec codec = new DeliveryCodec();

    /** A payload handed over in a buffer (a slice of a larger frame) is written as its array would be, every time. */
    @Property(tries = 300)
    void aPayloadInABufferIsWrittenAsTheBytesOfItsArray(@ForAll("payloads") byte[] payload,
                                                        @ForAll("headerMaps") Map<String, String> headers,
                                                        @ForAll @IntRange(max = 64) int offset) {
        ByteBuf frame = Unpooled.directBuffer(offset + payload.length + 8).writeZero(offset).writeBytes(payload)
                .writeLong(-1);
        Message inBuffer = Message.inBuffer(SENDER, RECEIVER, headers, frame.retainedSlice(offset, payload.length));
        frame.release();
        Message inArray = new Message(SENDER, RECEIVER, headers, payload);

        byte[] sent = encoded(new Data(7, 3, 2, Parcel.oneWay(inBuffer)));
        byte[] resent = encoded(new Data(7, 3, 3, Parcel.oneWay(inBuffer)));

        assertThat(sent).isEqualTo(encoded(new Data(7, 3, 2, Parcel.oneWay(inArray))));
        assertThat(resent).as("a resend writes it again, unmoved").isEqualTo(encoded(new Data(7, 3, 3,
                Parcel.oneWay(inArray))));
        assertThat(inBuffer.size()).isEqualTo(inArray.size());
        inBuffer.close();
        inBuffer.close();
        assertThat(frame.refCnt()).as("released once, by the first close").isZero();
    }

    /**
     * A one-way payload of at least the kept size stays in the received frame, which lives until the message is
     * closed; written on, it gives the bytes that arrived. Read before the close, the payload stays readable.
     */
    @Property(tries = 300)
    void aReceivedPayloadStaysInTheFrameUntilItsMessageIsClosed(@ForAll("oneWay") Data sent,
                                                                @ForAll @IntRange(max = 64) int kept) {
        byte[] wire = encoded(sent);
        ByteBuf frame = Unpooled.directBuffer(wire.length).writeBytes(wire);

        Data received = (Data) codec.decode(DeliveryCodec.DATA, frame, SENDER, RECEIVER, kept);
        frame.release();
        Message message = received.parcel().message();

        boolean inFrame = message.payloadLength() >= kept;
        assertThat(frame.refCnt()).as("the frame lives on with the payload kept in it").isEqualTo(inFrame ? 1 : 0);
        assertThat(encoded(received)).isEqualTo(wire);
        assertThat(message).isEqualTo(sent.parcel().message());
        message.close();
        assertThat(frame.refCnt()).isZero();
        assertThat(message.payload()).isEqualTo(sent.parcel().message().payload());
    }

    @Property(tries = 100)
    void aKeptPayloadNotReadBeforeTheCloseIsGone(@ForAll("oneWay") Data sent) {
        ByteBuf frame = Unpooled.directBuffer().writeBytes(encoded(sent));
        Message message = ((Data) codec.decode(DeliveryCodec.DATA, frame, SENDER, RECEIVER, 0)).parcel()
                .message();
        frame.release();

        message.close();

        assertThat(frame.refCnt()).isZero();
        assertThatThrownBy(message::payload).isInstanceOf(IllegalStateException.class);
    }

    /** Corrupt or cut frames decoded to keep their payloads either decode or are malformed, and keep nothing. */
    @Property(tries = 500)
    void aCorruptFrameKeepsNothing(@ForAll("oneWay") Data sent, @ForAll int position, @ForAll byte value,
                                   @ForAll @IntRange(max = 8) int cut, @ForAll @IntRange(max = 2) int extra) {
        byte[] wire = encoded(sent);
        wire[Math.floorMod(position, wire.length)] = value;
        ByteBuf frame = Unpooled.directBuffer().writeBytes(wire, 0, Math.max(0, wire.length - cut)).writeZero(extra);
        try {
            DeliveryMessage decoded = codec.decode(DeliveryCodec.DATA, frame, SENDER, RECEIVER, 0);
            ((Data) decoded).parcel().message().close();
        } catch (MalformedFrameException expected) {
            // refused: then nothing of the frame may be held
        }
        frame.release();
        assertThat(frame.refCnt()).isZero();
    }

    /**
     * A stream of payloads in buffers over a lossy, duplicating, reordering network, the receiver keeping the
     * payloads in the frames: delivered in order, once; and after both ends close every buffer, sent or
     * received, is released, whether acknowledged, held out of order, dropped as a duplicate or given up when
     * the receiver left the sender's view (sometimes, at a seeded step).
     */
    @Property(tries = 30, shrinking = ShrinkingMode.OFF)
    void everyBufferIsReleasedOnceWhateverTheNetworkDoes(@ForAll long seed) {
        Random random = new Random(seed);
        SimulatedNetwork net = new SimulatedNetwork(seed, DeliveryConfig.fast()).keepPayloads()
                .faults(0.2, 0.2, 0.2, true);
        SimulatedMember a = net.add("a");
        SimulatedMember b = net.add("b");
        net.installView(List.of(a, b));
        int leaveAt = random.nextBoolean() ? random.nextInt(60) : -1;
        List<ByteBuf> sent = new ArrayList<>();

        long next = 1;
        for (int step = 0; step < 60; step++) {
            if (step == leaveAt) {
                a.delivery().onViewChange(List.of(a.address()));
                b.delivery().onViewChange(List.of(b.address()));
            }
            for (int i = 0; i < 3; i++) {
                ByteBuf payload = Unpooled.directBuffer(Long.BYTES).writeLong(next);
                if (a.sendInBuffer(b, payload)) {
                    sent.add(payload);
                    next++;
                } else {
                    payload.release(); // refused: still the caller's
                }
            }
            net.step();
        }
        for (int step = 0; step < 400 && leaveAt < 0 && b.numbersFrom(a).size() < next - 1; step++) {
            net.step();
        }
        net.run(20);

        List<Long> delivered = b.numbersFrom(a);
        assertThat(delivered).as("in order, once, from the first").isEqualTo(
                LongStream.rangeClosed(1, delivered.size()).boxed().toList());
        if (leaveAt < 0) {
            assertThat(delivered).hasSize((int) next - 1);
        }
        a.delivery().close();
        b.delivery().close();
        assertThat(sent).as("sent buffers (seed %d, left at step %d)", seed, leaveAt)
                .allSatisfy(buffer -> assertThat(buffer.refCnt()).isZero());
        assertThat(net.receivedFrames()).as("received frames (seed %d)", seed)
                .allSatisfy(buffer -> assertThat(buffer.refCnt()).isZero());
    }

    private byte[] encoded(DeliveryMessage message) {
        ByteBuf out = Unpooled.buffer(DeliveryCodec.encodedSize(message));
        try {
            codec.encode(message, out);
            assertThat(out.readableBytes()).isEqualTo(DeliveryCodec.encodedSize(message));
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Provide
    Arbitrary<Map<String, String>> headerMaps() {
        Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(12);
        return Arbitraries.maps(strings, strings).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Data> oneWay() {
        Arbitrary<Long> seqs = Arbitraries.longs().between(1, 1000);
        Arbitrary<Message> messages = Combinators.combine(headerMaps(), payloads(), Arbitraries.of(true, false))
                .as((headers, payload, toEveryone) -> new Message(SENDER, toEveryone ? null : RECEIVER, headers,
                        payload));
        return Combinators.combine(Arbitraries.longs(), seqs, messages)
                .as((epoch, seq, message) -> new Data(epoch, seq, seq, Parcel.oneWay(message)));
    }
}
