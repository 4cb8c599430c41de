package io.xsite.wire.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import io.xsite.wire.address.Tag;
import io.xsite.wire.address.UuidAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jgroups.PhysicalAddress;
import org.jgroups.protocols.relay.SiteMaster;
import org.jgroups.protocols.relay.SiteUUID;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.FlagsUUID;
import org.jgroups.util.UUID;

/**
 * Byte-for-byte agreement with the real JGroups 5.5 classes: whatever we encode, JGroups encodes the same
 * way, and what JGroups writes we decode to the same value.
 */
class JGroupsWireCompatibilityTest {

    @Property(tries = 300)
    void framesEncodeExactlyAsJGroupsDoes(@ForAll("jgroupsFrames") GossipData frame) throws Exception {
        byte[] jgroupsBytes = jgroupsBytes(toJGroups(frame));
        ByteBuf ours = Unpooled.buffer();
        try {
            GossipCodec.encode(frame, ours);
            assertThat(ByteBufUtil.getBytes(ours)).isEqualTo(jgroupsBytes);
            assertThat(GossipCodec.decode(Unpooled.wrappedBuffer(jgroupsBytes))).isEqualTo(frame);
        } finally {
            ours.release();
        }
    }

    @Property(tries = 200)
    void jgroupsReadsWhatWeWrite(@ForAll("jgroupsFrames") GossipData frame) throws Exception {
        ByteBuf ours = Unpooled.buffer();
        try {
            GossipCodec.encode(frame, ours);
            org.jgroups.stack.GossipData read = new org.jgroups.stack.GossipData();
            read.readFrom(new DataInputStream(new ByteArrayInputStream(ByteBufUtil.getBytes(ours))));
            assertThat(read.getType().ordinal()).isEqualTo(frame.type().code());
            assertThat(read.getGroup()).isEqualTo(frame.group());
            assertThat(read.getAddress()).isEqualTo(toJGroups(frame.address()));
            assertThat(read.getSender()).isEqualTo(toJGroups(frame.sender()));
            assertThat(read.getLength()).isEqualTo(frame.payload().length);
        } finally {
            ours.release();
        }
    }

    /**
     * Frames JGroups can hold: physical addresses are IpAddresses, flags fit its short flag API, and only
     * MESSAGE frames carry a payload (JGroups has no way to set one on the others).
     */
    @Provide
    Arbitrary<GossipData> jgroupsFrames() {
        return WireArbitraries.gossipData().filter(JGroupsWireCompatibilityTest::representableInJGroups)
                .map(frame -> frame.type() == GossipType.MESSAGE ? frame
                        : new GossipData(frame.type(), frame.group(), frame.address(), frame.sender(),
                                frame.logicalName(), frame.pingData(), frame.physical(), null));
    }

    private static boolean representableInJGroups(GossipData frame) {
        List<Address> addresses = new ArrayList<>(List.of());
        addresses.add(frame.address());
        addresses.add(frame.sender());
        for (PingData ping : frame.pingData()) {
            addresses.add(ping.sender());
            if (ping.physical() != null && !(ping.physical() instanceof IpAddress)) {
                return false;
            }
            if (ping.members() != null) {
                addresses.addAll(ping.members());
            }
        }
        boolean physicalOk = frame.physical() == null || frame.physical() instanceof IpAddress;
        return physicalOk && addresses.stream().allMatch(JGroupsWireCompatibilityTest::flagsFitAShort);
    }

    private static boolean flagsFitAShort(Address address) {
        return !(address instanceof UuidAddress u) || (u.flags() >= 0 && u.flags() <= Short.MAX_VALUE);
    }

    private static byte[] jgroupsBytes(org.jgroups.stack.GossipData data) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        data.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static org.jgroups.stack.GossipData toJGroups(GossipData frame) throws Exception {
        org.jgroups.stack.GossipType type = org.jgroups.stack.GossipType.values()[frame.type().code()];
        org.jgroups.stack.GossipData data = new org.jgroups.stack.GossipData(type, frame.group(),
                toJGroups(frame.address()), frame.payload());
        data.setSender(toJGroups(frame.sender()));
        if (frame.type() != GossipType.MESSAGE) {
            data = new org.jgroups.stack.GossipData(type, frame.group(), toJGroups(frame.address()),
                    frame.logicalName(), (PhysicalAddress) toJGroups(frame.physical()));
            List<org.jgroups.protocols.PingData> pings = new ArrayList<>();
            for (PingData ping : frame.pingData()) {
                pings.add(toJGroups(ping));
            }
            data.setPingData(pings).setSender(toJGroups(frame.sender()));
        }
        return data;
    }

    private static org.jgroups.protocols.PingData toJGroups(PingData ping) throws Exception {
        org.jgroups.protocols.PingData data = new org.jgroups.protocols.PingData(toJGroups(ping.sender()),
                ping.server(), ping.logicalName(), (PhysicalAddress) toJGroups(ping.physical()));
        data.coord(ping.coordinator());
        if (ping.coordinator()) {
            // JGroups' coord(true) also sets the server bit; mirror what our record says.
            data.server(ping.server());
        }
        if (ping.members() != null) {
            List<org.jgroups.Address> members = new ArrayList<>();
            for (Address member : ping.members()) {
                members.add(toJGroups(member));
            }
            data.mbrs(members);
        }
        return data;
    }

    private static org.jgroups.Address toJGroups(Address address) throws Exception {
        if (address == null) {
            return null;
        }
        if (address instanceof IpAddress ip) {
            return new org.jgroups.stack.IpAddress(ip.ip(), ip.port());
        }
        UuidAddress u = (UuidAddress) address;
        return switch (u.kind()) {
            case UUID -> new UUID(u.msb(), u.lsb());
            case FLAGS_UUID -> withFlags(new FlagsUUID(u.msb(), u.lsb()), u.flags());
            case EXTENDED_UUID -> withTags(withFlags(new ExtendedUUID(u.msb(), u.lsb()), u.flags()), u.tags());
            case SITE_UUID -> withTags(withFlags(new SiteUUID(u.msb(), u.lsb(), u.name(), u.site()),
                    u.flags()), u.tags());
            case SITE_MASTER -> siteMaster(u);
        };
    }

    private static SiteMaster siteMaster(UuidAddress u) {
        assertThat(u.msb() | u.lsb()).as("JGroups site masters have all-zero bits").isZero();
        SiteMaster master = new SiteMaster(u.site());
        return withTags(withFlags(master, u.flags()), u.tags());
    }

    private static <T extends FlagsUUID> T withFlags(T uuid, int flags) {
        for (int bit = 0; bit < 15; bit++) {
            if ((flags & (1 << bit)) != 0) {
                uuid.setFlag((short) (1 << bit));
            }
        }
        return uuid;
    }

    private static <T extends ExtendedUUID> T withTags(T uuid, List<Tag> tags) {
        for (Tag tag : tags) {
            uuid.put(tag.key().getBytes(StandardCharsets.ISO_8859_1),
                    tag.value() == null ? null : tag.value().getBytes(StandardCharsets.ISO_8859_1));
        }
        return uuid;
    }
}
