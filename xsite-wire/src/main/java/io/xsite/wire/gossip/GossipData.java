package io.xsite.wire.gossip;

import io.xsite.wire.address.Address;
import io.xsite.wire.address.IpAddress;
import java.util.List;
import java.util.Objects;

/**
 * One gossip router frame, JGroups' {@code GossipData}. Which fields are meaningful depends on the
 * type; the others are null, empty or zero-length. MESSAGE frames carry no name, members or physical
 * address on the wire, so those must be empty for them.
 *
 * @param type        the frame type
 * @param group       the cluster name; null for "every group" in GET_MBRS
 * @param address     REGISTER, UNREGISTER, SUSPECT: the member; MESSAGE: the destination, null = the group
 * @param sender      MESSAGE: the original sender's logical address
 * @param logicalName REGISTER: the member's logical name
 * @param pingData    GET_MBRS_RSP and GET_MBRS_RSP_LAST: the members
 * @param physical    REGISTER: the member's physical address
 * @param payload     MESSAGE: the opaque payload (a JGroups transport datagram for JGroups peers)
 */
public record GossipData(GossipType type, String group, Address address, Address sender, String logicalName,
                         List<PingData> pingData, Address physical, byte[] payload) {
    private static final byte[] NO_PAYLOAD = new byte[0];

    public GossipData {
        Objects.requireNonNull(type, "type");
        pingData = List.copyOf(Objects.requireNonNull(pingData, "pingData"));
        payload = payload == null ? NO_PAYLOAD : payload;
        if (type == GossipType.MESSAGE && (logicalName != null || !pingData.isEmpty() || physical != null)) {
            throw new IllegalArgumentException("MESSAGE frames carry no name, members or physical address");
        }
    }

    /** REGISTER {@code member} (named {@code name}, at {@code physical}) in {@code group}. */
    public static GossipData register(String group, Address member, String name, IpAddress physical) {
        return new GossipData(GossipType.REGISTER, group, member, null, name, List.of(), physical, null);
    }

    /** UNREGISTER {@code member} from {@code group}. */
    public static GossipData unregister(String group, Address member) {
        return new GossipData(GossipType.UNREGISTER, group, member, null, null, List.of(), null, null);
    }

    /** GET_MBRS for {@code group}, or for every group when it is null. */
    public static GossipData getMembers(String group) {
        return new GossipData(GossipType.GET_MBRS, group, null, null, null, List.of(), null, null);
    }

    /** A members response; {@code last} selects GET_MBRS_RSP_LAST over GET_MBRS_RSP. */
    public static GossipData membersResponse(String group, List<PingData> members, boolean last) {
        return new GossipData(last ? GossipType.GET_MBRS_RSP_LAST : GossipType.GET_MBRS_RSP, group, null, null,
                null, members, null, null);
    }

    /** A MESSAGE from {@code sender} to {@code destination} (null = every member of the group). */
    public static GossipData message(String group, Address destination, Address sender, byte[] payload) {
        return new GossipData(GossipType.MESSAGE, group, destination, sender, null, List.of(), null, payload);
    }

    /** A HEARTBEAT, the same in both directions. */
    public static GossipData heartbeat() {
        return new GossipData(GossipType.HEARTBEAT, null, null, null, null, List.of(), null, null);
    }

    /** SUSPECT {@code member} of {@code group}. */
    public static GossipData suspect(String group, Address member) {
        return new GossipData(GossipType.SUSPECT, group, member, null, null, List.of(), null, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GossipData g && type == g.type && Objects.equals(group, g.group)
                && Objects.equals(address, g.address) && Objects.equals(sender, g.sender)
                && Objects.equals(logicalName, g.logicalName) && pingData.equals(g.pingData)
                && Objects.equals(physical, g.physical) && java.util.Arrays.equals(payload, g.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, group, address, sender, logicalName, pingData, physical)
                * 31 + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return type + "[group=" + group + ", address=" + address + ", sender=" + sender + ", name=" + logicalName
                + ", members=" + pingData.size() + ", physical=" + physical + ", payload=" + payload.length + "B]";
    }
}
