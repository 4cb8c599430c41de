package io.xsite.core.internal.tunnel;

import io.netty.buffer.ByteBuf;
import io.xsite.core.transport.OutboundFrame;

/**
 * The body of a gossip MESSAGE: its encoded header (see {@link MessageHeaders}), then the payload length
 * and the payload, which is encoded in place.
 *
 * @param header  type, group, destination and sender, encoded
 * @param payload the member frame the MESSAGE carries
 */
record MessageBody(byte[] header, OutboundFrame payload) implements OutboundFrame {
    @Override
    public int size() {
        return header.length + Integer.BYTES + payload.size();
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeBytes(header).writeInt(payload.size());
        payload.writeTo(out);
    }
}
