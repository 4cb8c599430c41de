package io.xsite.wire.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.Tag;
import io.xsite.wire.address.UuidAddress;
import io.xsite.wire.address.UuidAddress.Kind;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The byte-exact examples of gossip-router-protocol.md, sections 1.3 to 1.5. */
class GossipCodecVectorsTest {
    private static final UUID ID = new UUID(0x0102030405060708L, 0x1112131415161718L);
    /** The 16 bytes of {@link #ID} on the wire: least significant half first. */
    private static final String ID_BYTES = "11 12 13 14 15 16 17 18 01 02 03 04 05 06 07 08";
    private static final UuidAddress A = UuidAddress.uuid(ID);

    @Test
    void ipAddressesMatchTheSpec() throws Exception {
        assertThat(hex(new IpAddress(InetAddress.getByName("127.0.0.1"), 7800))).isEqualTo("10 04 7f 00 00 01 1e 78");
        assertThat(hex(new IpAddress(InetAddress.getByName("::1"), 12001)))
                .isEqualTo("10 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 2e e1");
        assertThat(hex(new IpAddress(null, 7800))).isEqualTo("10 00 1e 78");
        assertThat(hex(null)).isEqualTo("01");
    }

    @Test
    void uuidFamilyMatchesTheSpec() {
        assertThat(hex(A)).isEqualTo("02 " + ID_BYTES);
        UuidAddress extended = new UuidAddress(Kind.EXTENDED_UUID, ID.getMostSignificantBits(),
                ID.getLeastSignificantBits(), 2, List.of(new Tag("k", "v")), null, null);
        assertThat(hex(extended)).isEqualTo("00 00 0c " + ID_BYTES + " 01 02 01 01 6b 01 76");
        assertThat(hex(UuidAddress.siteUuid(ID, "A", "nyc", 0)))
                .isEqualTo("04 " + ID_BYTES + " 00 00 01 00 03 6e 79 63 01 00 01 41");
        assertThat(hex(UuidAddress.siteUuid(ID, "A", "nyc", UuidAddress.CAN_BECOME_SITE_MASTER)))
                .isEqualTo("04 " + ID_BYTES + " 01 02 00 01 00 03 6e 79 63 01 00 01 41");
        assertThat(hex(UuidAddress.siteMaster("nyc")))
                .isEqualTo("08 " + "00 ".repeat(16) + "00 00 01 00 03 6e 79 63 00");
    }

    @Test
    void framesMatchTheSpec() throws Exception {
        IpAddress physical = new IpAddress(InetAddress.getByName("127.0.0.1"), 7800);
        assertThat(body(GossipData.heartbeat())).isEqualTo("05 00 01 01 00 00 00 01 00 00 00 00");
        assertThat(body(GossipData.register("c", A, "A", physical))).isEqualTo(
                "00 01 00 01 63 02 " + ID_BYTES + " 01 01 00 01 41 00 00 10 04 7f 00 00 01 1e 78 00 00 00 00");
        assertThat(body(GossipData.unregister("c", A)))
                .isEqualTo("01 01 00 01 63 02 " + ID_BYTES + " 01 00 00 00 01 00 00 00 00");
        assertThat(body(GossipData.getMembers("c"))).isEqualTo("02 01 00 01 63 01 01 00 00 00 01 00 00 00 00");
        assertThat(body(GossipData.getMembers(null))).isEqualTo("02 00 01 01 00 00 00 01 00 00 00 00");
        assertThat(body(GossipData.message("c", null, A, new byte[] {1, 2, 3})))
                .isEqualTo("04 01 00 01 63 01 02 " + ID_BYTES + " 00 00 00 03 01 02 03");
        assertThat(body(GossipData.suspect("c", A)))
                .isEqualTo("06 01 00 01 63 02 " + ID_BYTES + " 01 00 00 00 01 00 00 00 00");
    }

    @Test
    void heartbeatIsFramedWithItsLength() {
        ByteBuf framed = GossipFraming.encodeFramed(GossipData.heartbeat(), ByteBufAllocator.DEFAULT);
        try {
            assertThat(ByteBufUtil.hexDump(framed)).isEqualTo("0000000c050001010000000100000000");
        } finally {
            framed.release();
        }
    }

    @Test
    void membersResponseOfTwoMatchesTheAnnotatedExample() throws Exception {
        UuidAddress b = UuidAddress.uuid(new UUID(0x0002000200020002L, 0x0002000200020002L));
        UuidAddress a = UuidAddress.uuid(new UUID(0x0001000100010001L, 0x0001000100010001L));
        GossipData response = GossipData.membersResponse("c", List.of(
                PingData.registered(b, "B", new IpAddress(InetAddress.getByName("10.0.0.2"), 7800)),
                PingData.registered(a, "A", new IpAddress(InetAddress.getByName("10.0.0.1"), 7800))), true);
        String expected = "07 01 00 01 63 01 01 00 00 02"
                + " 02 " + "00 02 ".repeat(8) + "01 01 00 01 42 10 04 0a 00 00 02 1e 78 ff ff"
                + " 02 " + "00 01 ".repeat(8) + "01 01 00 01 41 10 04 0a 00 00 01 1e 78 ff ff"
                + " 01 00 00 00 00";
        assertThat(body(response)).isEqualTo(expected.replace("  ", " "));
        assertThat(GossipCodec.encodedSize(response)).isEqualTo(0x4f);
        assertThat(decode(expected)).isEqualTo(response);
    }

    @Test
    void allGroupsPrefixIsAnOrdinaryGroupName() {
        GossipData response = GossipData.membersResponse("<<all-groups>>:c", List.of(), false);
        assertThat(body(response)).startsWith("03 01 00 10 3c 3c 61 6c 6c 2d");
    }

    @Test
    void everyVectorDecodesBackToItsValue() throws Exception {
        IpAddress physical = new IpAddress(InetAddress.getByName("127.0.0.1"), 7800);
        for (GossipData frame : List.of(GossipData.heartbeat(), GossipData.register("c", A, "A", physical),
                GossipData.unregister("c", A), GossipData.getMembers(null), GossipData.suspect("c", A),
                GossipData.message("c", null, A, new byte[] {1, 2, 3}))) {
            assertThat(decode(body(frame))).isEqualTo(frame);
        }
    }

    private static String hex(Address address) {
        return Hex.encode(address, AddressCodec::encode);
    }

    private static String body(GossipData data) {
        return Hex.encode(data, GossipCodec::encode);
    }

    private static GossipData decode(String spacedHex) {
        ByteBuf in = Unpooled.wrappedBuffer(Hex.bytes(spacedHex));
        try {
            return GossipCodec.decode(in);
        } finally {
            in.release();
        }
    }
}
