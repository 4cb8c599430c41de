package io.xsite.core.transport;

import io.netty.buffer.ByteBuf;
import io.xsite.wire.address.UuidAddress;

/**
 * What a {@link Transport} reports. Callbacks run on the member's event loop, the thread the transport is
 * confined to, and must not block. A callback may come from inside a call the member is making on the
 * transport (a write that fails closes a connection; a flush makes it writable): a listener that must
 * not be re-entered queues the event on the loop instead of handling it there.
 */
public interface TransportListener {

    /** One frame from {@code from}; takes ownership of {@code frame} (the listener releases it). */
    void onFrame(UuidAddress from, ByteBuf frame);

    /** A connection to {@code peer} is up (tcp: handshake done; tunnel: peer seen). */
    default void onPeerConnected(UuidAddress peer) {
    }

    /** The connection to {@code peer} was lost: a hint for failure detection, to verify before excluding. */
    default void onPeerDisconnected(UuidAddress peer) {
    }

    /**
     * A dial to {@code peer} was refused: nothing listens at its address any more (its process is gone), which a
     * live member, however slow, never causes. Conclusive for a verification that its lost connection started.
     */
    default void onPeerRefused(UuidAddress peer) {
    }

    /** The outbound queue to {@code peer} has room again after {@link Transport#send} returned false. */
    default void onWritable(UuidAddress peer) {
    }
}
