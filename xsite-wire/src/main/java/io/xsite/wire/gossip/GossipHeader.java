package io.xsite.wire.gossip;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.Address;
import io.xsite.wire.address.AddressCodec;
import io.xsite.wire.codec.WireStrings;

/**
 * The leading fields every gossip frame has: what a router needs to route a MESSAGE without decoding
 * (or copying) its payload.
 *
 * @param type    the frame type
 * @param group   the cluster name; nullable
 * @param address the member or destination; nullable
 * @param sender  the sender of a MESSAGE; nullable
 */
public record GossipHeader(GossipType type, String group, Address address, Address sender) {

    /**
     * Reads type, group, address and sender from the start of a frame body and leaves the reader index
     * after them; borrows {@code in}.
     */
    public static GossipHeader read(ByteBuf in) {
        WireStrings.requireReadable(in, 1, "gossip type");
        GossipType type = GossipType.of(in.readUnsignedByte());
        String group = WireStrings.read(in, "group");
        Address address = AddressCodec.decode(in);
        Address sender = AddressCodec.decode(in);
        return new GossipHeader(type, group, address, sender);
    }
}
