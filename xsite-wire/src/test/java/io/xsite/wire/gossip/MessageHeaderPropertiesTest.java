package io.xsite.wire.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.Address;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link GossipCodec#messageHeader}, which the tunnel encodes once per destination and then writes before
 * each payload, must give exactly the bytes of the whole MESSAGE that {@link GossipCodec#encode} writes.
 */
class MessageHeaderPropertiesTest {

    @Property(tries = 1000)
    void headerThenLengthThenPayloadIsTheEncodedMessage(@ForAll("groups") String group,
                                                        @ForAll("addresses") Address destination,
                                                        @ForAll("addresses") Address sender,
                                                        @ForAll("payloads") byte[] payload) {
        Statistics.label("destination").collect(destination == null ? "multicast" : "member");
        Statistics.label("destination").coverage(checker -> {
            checker.check("multicast").count(n -> n > 0);
            checker.check("member").count(n -> n > 0);
        });
        GossipData message = GossipData.message(group, destination, sender, payload);
        byte[] header = GossipCodec.messageHeader(group, destination, sender);
        ByteBuf inPlace = Unpooled.buffer();
        ByteBuf encoded = Unpooled.buffer();
        try {
            inPlace.writeBytes(header).writeInt(payload.length).writeBytes(payload);
            GossipCodec.encode(message, encoded);

            assertThat(ByteBufUtil.getBytes(inPlace)).isEqualTo(ByteBufUtil.getBytes(encoded));
            assertThat(header.length + Integer.BYTES + payload.length).isEqualTo(GossipCodec.encodedSize(message));
            GossipData decoded = GossipCodec.decode(inPlace);
            assertThat(decoded.type()).isEqualTo(GossipType.MESSAGE);
            assertThat(decoded.group()).isEqualTo(group);
            assertThat(decoded.address()).isEqualTo(destination);
            assertThat(decoded.sender()).isEqualTo(sender);
            assertThat(decoded.payload()).isEqualTo(payload);
            assertThat(decoded).isEqualTo(message);
        } finally {
            inPlace.release();
            encoded.release();
        }
    }

    /**
     * A connection's {@link MessageHeaderReader} reads every frame of a stream to the same header as
     * decoding it afresh, whether the frame repeats the previous MESSAGE's header or not.
     */
    @Property(tries = 300)
    void readerRecognisesRepeatsAndNothingElse(@ForAll("groups") String group,
                                               @ForAll("addresses") Address sender,
                                               @ForAll("destinationStreams") List<Address> destinations) {
        MessageHeaderReader reader = new MessageHeaderReader();
        for (Address destination : destinations) {
            ByteBuf frame = Unpooled.buffer();
            try {
                GossipCodec.encode(GossipData.message(group, destination, sender, new byte[] {7}), frame);
                GossipHeader expected = GossipHeader.read(frame.duplicate());

                assertThat(reader.read(frame)).isEqualTo(expected);
                assertThat(frame.readInt()).as("reader index after the header").isEqualTo(1);
            } finally {
                frame.release();
            }
        }
    }

    /** Destinations of consecutive frames: runs of the same one, and changes. */
    @Provide
    Arbitrary<List<Address>> destinationStreams() {
        return WireArbitraries.addresses().list().ofMinSize(1).ofMaxSize(4)
                .flatMap(pool -> Arbitraries.of(pool).list().ofMinSize(1).ofMaxSize(20));
    }

    @Provide
    Arbitrary<String> groups() {
        return WireArbitraries.wireStrings();
    }

    @Provide
    Arbitrary<Address> addresses() {
        return WireArbitraries.addresses();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }
}
