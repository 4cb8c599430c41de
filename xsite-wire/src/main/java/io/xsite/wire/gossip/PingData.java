package io.xsite.wire.gossip;

import io.xsite.wire.address.Address;
import java.util.List;

/**
 * One member in a members response: JGroups' {@code PingData}.
 *
 * @param sender      the member's logical address
 * @param server      whether the member is a server (routers always say so)
 * @param coordinator whether the member coordinates its cluster (implies server)
 * @param logicalName the member's logical name; nullable
 * @param physical    the member's physical address; nullable
 * @param members     the member's view as JGroups sends it; {@code null} when absent (routers never send one)
 */
public record PingData(Address sender, boolean server, boolean coordinator, String logicalName, Address physical,
                       List<Address> members) {
    /** Wire flag bit: the member is a server. */
    static final int IS_SERVER = 0x01;
    /** Wire flag bit: the member is its cluster's coordinator. */
    static final int IS_COORD = 0x02;

    public PingData {
        if (members != null) {
            members = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(members));
        }
    }

    /** A router-built entry: a server with no member list. */
    public static PingData registered(Address sender, String logicalName, Address physical) {
        return new PingData(sender, true, false, logicalName, physical, null);
    }

    /** How JGroups' RouterStubGet prints an entry. */
    @Override
    public String toString() {
        return sender + ", name=" + logicalName + ", addr=" + physical + (server ? ", server" : "")
                + (coordinator ? ", coord" : "");
    }
}
