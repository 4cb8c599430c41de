package io.xsite.core.internal.tunnel;

import io.xsite.wire.address.Address;
import io.xsite.wire.gossip.GossipCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * The encoded MESSAGE header (type, group, destination, this member) per destination of one router
 * client, so that a message costs a copy of known bytes instead of encoding a group name and two
 * addresses. Confined to the client's event loop.
 */
final class MessageHeaders {
    /** Destinations remembered at most; beyond it the memory starts over (churn, not a view). */
    private static final int MAX_DESTINATIONS = 1024;

    private final String group;
    private final Address self;
    private final Map<Address, byte[]> byDestination = new HashMap<>();

    MessageHeaders(String group, Address self) {
        this.group = group;
        this.self = self;
    }

    /** The header of a MESSAGE to {@code destination} (null: every member of the group). */
    byte[] to(Address destination) {
        byte[] known = byDestination.get(destination);
        if (known != null) {
            return known;
        }
        if (byDestination.size() >= MAX_DESTINATIONS) {
            byDestination.clear();
        }
        byte[] header = GossipCodec.messageHeader(group, destination, self);
        byDestination.put(destination, header);
        return header;
    }
}
