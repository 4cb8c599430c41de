package io.xsite.core.internal.tunnel;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.gossip.GossipHeader;

/**
 * A MESSAGE as a router connection reads it: its header and its payload as a slice of the bytes read,
 * not copied. Whoever holds it owns the slice and releases it, or hands it on.
 *
 * @param header  type, group, destination and sender
 * @param payload the payload, a retained slice of the frame
 */
record ReceivedMessage(GossipHeader header, ByteBuf payload) {
}
