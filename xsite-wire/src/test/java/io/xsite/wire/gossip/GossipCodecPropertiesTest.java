package io.xsite.wire.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.codec.MalformedFrameException;
import java.lang.management.ManagementFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of every frame and address type, and decoding of truncated and random input. */
class GossipCodecPropertiesTest {

    @Property(tries = 500)
    void everyFrameSurvivesARoundTrip(@ForAll("frames") GossipData frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            GossipCodec.encode(frame, buf);
            assertThat(buf.readableBytes()).isEqualTo(GossipCodec.encodedSize(frame));
            assertThat(GossipCodec.decode(buf)).isEqualTo(frame);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Property(tries = 500)
    void everyAddressSurvivesARoundTrip(@ForAll("addresses") Address address) {
        ByteBuf buf = Unpooled.buffer();
        try {
            AddressCodec.encode(address, buf);
            assertThat(buf.readableBytes()).isEqualTo(AddressCodec.encodedSize(address));
            assertThat(AddressCodec.decode(buf)).isEqualTo(address);
            assertThat(buf.isReadable()).isFalse();
        } finally {
            buf.release();
        }
    }

    @Property(tries = 300)
    void aTruncatedFrameIsMalformed(@ForAll("frames") GossipData frame, @ForAll("fractions") double keep) {
        ByteBuf full = Unpooled.buffer();
        GossipCodec.encode(frame, full);
        ByteBuf truncated = full.slice(0, (int) (full.readableBytes() * keep));
        try {
            assertThatThrownBy(() -> GossipCodec.decode(truncated)).isInstanceOf(MalformedFrameException.class);
        } finally {
            full.release();
        }
    }

    @Property(tries = 1000)
    void randomBytesDecodeOrFailAsMalformed(@ForAll("garbage") byte[] garbage) {
        ByteBuf in = Unpooled.wrappedBuffer(garbage);
        try {
            GossipCodec.decode(in);
        } catch (MalformedFrameException expected) {
            // The only acceptable failure: anything else would be a decoder bug.
        } finally {
            in.release();
        }
    }

    @Property(tries = 200)
    void decodingAllocatesInProportionToTheInputOnly(@ForAll("garbage") byte[] garbage) {
        // Lengths and counts in garbage can announce up to 2 GiB; the decoder must check them against the bytes
        // it holds before allocating.
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ByteBuf in = Unpooled.wrappedBuffer(garbage);
        try {
            GossipCodec.decode(in);
        } catch (MalformedFrameException expected) {
            // Allocation is what is measured here.
        } finally {
            in.release();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(64L * 1024 + 40L * garbage.length);
    }

    @Property(tries = 1)
    void hugeAnnouncedLengthsAreRejectedBeforeAllocation() {
        byte[] hugePayload = Hex.bytes("04 00 01 01 7f ff ff ff 01 02");
        byte[] hugePingCount = Hex.bytes("03 00 01 01 00 7f ff 01 00 00 00 00");
        byte[] hugeString = Hex.bytes("02 01 ff ff 41");
        for (byte[] frame : new byte[][] {hugePayload, hugePingCount, hugeString}) {
            ByteBuf in = Unpooled.wrappedBuffer(frame);
            try {
                assertThatThrownBy(() -> GossipCodec.decode(in)).isInstanceOf(MalformedFrameException.class);
            } finally {
                in.release();
            }
        }
    }

    @Provide
    Arbitrary<GossipData> frames() {
        return WireArbitraries.gossipData();
    }

    @Provide
    Arbitrary<Address> addresses() {
        return WireArbitraries.addresses();
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0.0, 0.999).ofScale(3);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(256);
        // Mostly valid frames with a few bytes flipped: they get past the first fields and exercise the rest.
        Arbitrary<byte[]> mutated = WireArbitraries.gossipData().flatMap(frame -> {
            ByteBuf buf = Unpooled.buffer();
            GossipCodec.encode(frame, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            return Arbitraries.integers().between(0, bytes.length - 1).list().ofMinSize(1).ofMaxSize(3)
                    .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                        byte[] copy = bytes.clone();
                        for (int i = 0; i < positions.size(); i++) {
                            copy[positions.get(i)] = values.get(i);
                        }
                        return copy;
                    }));
        });
        return Arbitraries.oneOf(random, mutated);
    }
}
