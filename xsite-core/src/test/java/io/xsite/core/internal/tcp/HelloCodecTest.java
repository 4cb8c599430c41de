package io.xsite.core.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.core.frame.FrameEnvelope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class HelloCodecTest {

    @Property(tries = 200)
    void roundTrips(@ForAll @StringLength(max = 40) String cluster, @ForAll long msb, @ForAll long lsb,
                    @ForAll @IntRange(max = 0xFFFF) int port, @ForAll Hello.Role role) {
        Hello hello = new Hello(cluster, UuidAddress.siteUuid(new UUID(msb, lsb), "n", "s", 2),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), role);
        ByteBuf buf = Unpooled.buffer();
        try {
            HelloCodec.encode(hello, buf);
            assertThat(buf.readableBytes()).isEqualTo(HelloCodec.encodedSize(hello));
            assertThat(HelloCodec.decode(buf)).isEqualTo(hello);
        } finally {
            buf.release();
        }
    }

    @Property(tries = 50)
    void everyTruncationIsMalformed(@ForAll Hello.Role role) {
        Hello hello = new Hello("c", UuidAddress.siteUuid(UUID.randomUUID(), "n", null, 0),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 7800), role);
        ByteBuf whole = Unpooled.buffer();
        HelloCodec.encode(hello, whole);
        try {
            for (int length = 0; length < whole.readableBytes(); length++) {
                ByteBuf truncated = whole.slice(0, length);
                assertThatThrownBy(() -> HelloCodec.decode(truncated)).isInstanceOf(MalformedFrameException.class);
            }
        } finally {
            whole.release();
        }
    }

    @Test
    void theRoleByteIsTheRolesWireCode() {
        Map<Hello.Role, Integer> bytes = Map.of(Hello.Role.DIAL, 0, Hello.Role.PROBE, 1, Hello.Role.ACCEPT, 2,
                Hello.Role.CLOSE, 3);
        bytes.forEach((role, expected) -> {
            ByteBuf buf = Unpooled.buffer();
            try {
                Hello hello = helloAs(role);
                HelloCodec.encode(hello, buf);
                int roleIndex = new FrameEnvelope(HelloCodec.TYPE, hello.cluster(), hello.member())
                        .encodedSize();
                assertThat((int) buf.getUnsignedByte(roleIndex)).as("byte of %s", role).isEqualTo(expected);
            } finally {
                buf.release();
            }
        });
    }

    @Property(tries = 50)
    void aRoleByteOfNoRoleIsMalformed(@ForAll @IntRange(min = 4, max = 0xFF) int unknown) {
        ByteBuf buf = Unpooled.buffer();
        try {
            Hello hello = helloAs(Hello.Role.DIAL);
            HelloCodec.encode(hello, buf);
            int roleIndex = new FrameEnvelope(HelloCodec.TYPE, hello.cluster(), hello.member())
                    .encodedSize();
            buf.setByte(roleIndex, unknown);
            assertThatThrownBy(() -> HelloCodec.decode(buf)).isInstanceOf(MalformedFrameException.class)
                    .hasMessageContaining("hello role");
        } finally {
            buf.release();
        }
    }

    @Property(tries = 200)
    void garbageIsMalformedOrAHello(@ForAll byte[] garbage) {
        ByteBuf buf = Unpooled.wrappedBuffer(garbage);
        try {
            assertThat(HelloCodec.decode(buf)).isNotNull();
        } catch (MalformedFrameException | IllegalArgumentException expected) {
            // the only ways a decode may fail
        }
    }

    private static Hello helloAs(Hello.Role role) {
        return new Hello("c", UuidAddress.siteUuid(new UUID(1, 2), "n", null, 0),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 7800), role);
    }
}
