package io.xsite.core.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.codec.MalformedFrameException;
import io.xsite.wire.codec.WireStrings;
import io.xsite.core.delivery.Message;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Remembering the last header map never changes what is encoded or decoded, only how fast. */
class RecentHeadersTest {
    private static final UuidAddress SENDER = UuidAddress.siteUuid(new UUID(1, 1), "a", "nyc", 0);
    private static final List<Map<String, String>> POOL = List.of(Map.of(), Map.of("xsite-relay", "DATA"),
            Map.of("xsite-relay", "ACK"), Map.of("xsite-relay", "DATA", "trace", "1"), Map.of("x", ""),
            Map.of("xsite-relay", "DATAX"), Map.of("ü", "é"));
    private final RecentHeaders recent = new RecentHeaders();

    @Property(tries = 300)
    void anySequenceOfMapsRoundTripsWithItsWireSize(@ForAll("sequences") List<Map<String, String>> maps) {
        for (Map<String, String> headers : maps) {
            ByteBuf out = Unpooled.buffer();
            recent.write(headers, out);
            assertThat(out.readableBytes()).isEqualTo(1 + wireBytes(headers));
            Map<String, String> read = recent.read(out);
            assertThat(read).isEqualTo(headers);
            assertThat(out.isReadable()).isFalse();
            assertThat(new Message(SENDER, null, read, new byte[3]).size()).isEqualTo(3 + wireBytes(headers));
        }
    }

    @Test
    void theSameBytesGiveTheRememberedMapItselfOnlyInTheCodecThatSawIt() {
        Map<String, String> marker = Map.of("xsite-relay", "DATA");
        ByteBuf out = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            recent.write(marker, out);
        }
        assertThat(recent.read(out)).isSameAs(marker);
        assertThat(recent.read(out)).isSameAs(marker);
        assertThat(new RecentHeaders().read(out)).as("read by another member's codec").isEqualTo(marker)
                .isNotSameAs(marker);
    }

    @Test
    void aRememberedMapDoesNotHideAMalformedOne() {
        ByteBuf out = Unpooled.buffer();
        recent.write(Map.of("k", "v"), out);
        recent.read(out);
        out.clear().writeByte(2);
        WireStrings.write("k", out);
        WireStrings.write("v", out);
        WireStrings.write("k", out);
        WireStrings.write("w", out);
        assertThatThrownBy(() -> recent.read(out)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("duplicate header k");
        out.clear().writeByte(1);
        WireStrings.write("k", out);
        assertThatThrownBy(() -> recent.read(out)).isInstanceOf(MalformedFrameException.class);
    }

    @Provide
    Arbitrary<List<Map<String, String>>> sequences() {
        return Arbitraries.of(POOL).list().ofMaxSize(12);
    }

    private static int wireBytes(Map<String, String> headers) {
        return headers.entrySet().stream()
                .mapToInt(e -> WireStrings.encodedSize(e.getKey()) + WireStrings.encodedSize(e.getValue())).sum();
    }
}
