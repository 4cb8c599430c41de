package io.xsite.wire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A region compares equal exactly when its bytes are the expected ones, whatever holds them: a heap
 * array at an offset, direct memory, a slice, or a buffer of several components; indexes stay put.
 */
class ByteRegionsTest {

    @Property(tries = 1000)
    void equalExactlyWhenTheBytesAre(@ForAll("contents") byte[] content, @ForAll("contents") byte[] expected,
                                     @ForAll @IntRange(min = -2, max = 40) int at, @ForAll("layouts") Layout layout) {
        boolean plantExpected = at >= 0 && at + expected.length <= content.length && content.length % 2 == 0;
        if (plantExpected) {
            System.arraycopy(expected, 0, content, at, expected.length);
        }
        ByteBuf in = layout.hold(content);
        try {
            int readerIndex = in.readerIndex();
            boolean reference = at >= 0 && at + expected.length <= content.length
                    && Arrays.equals(content, at, at + expected.length, expected, 0, expected.length);

            assertThat(ByteRegions.equals(in, at, expected)).isEqualTo(reference);
            if (plantExpected) {
                assertThat(ByteRegions.equals(in, at, expected)).isTrue();
            }
            assertThat(in.readerIndex()).isEqualTo(readerIndex);
        } finally {
            in.release();
        }
    }

    @Provide
    Arbitrary<byte[]> contents() {
        // Few distinct values, so that equal regions are common.
        return Arbitraries.bytes().between((byte) 0, (byte) 2).array(byte[].class).ofMaxSize(48);
    }

    @Provide
    Arbitrary<Layout> layouts() {
        return Arbitraries.of(Layout.values());
    }

    /** Where the bytes under test live. */
    enum Layout {
        HEAP {
            @Override
            ByteBuf hold(byte[] content) {
                return Unpooled.wrappedBuffer(content);
            }
        },
        HEAP_AT_AN_OFFSET {
            @Override
            ByteBuf hold(byte[] content) {
                byte[] larger = new byte[content.length + 7];
                System.arraycopy(content, 0, larger, 3, content.length);
                return Unpooled.wrappedBuffer(larger).slice(3, content.length).retain();
            }
        },
        DIRECT_SLICE {
            @Override
            ByteBuf hold(byte[] content) {
                ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(content.length + 5);
                direct.writeZero(5).writeBytes(content);
                ByteBuf slice = direct.retainedSlice(5, content.length);
                direct.release();
                return slice;
            }
        },
        COMPOSITE {
            @Override
            ByteBuf hold(byte[] content) {
                int half = content.length / 2;
                return Unpooled.wrappedBuffer(Unpooled.copiedBuffer(content, 0, half),
                        Unpooled.directBuffer(content.length - half).writeBytes(content, half, content.length - half));
            }
        };

        abstract ByteBuf hold(byte[] content);
    }
}
