package io.xsite.core.transport;

import io.netty.buffer.ByteBuf;
import io.xsite.core.address.UuidAddress;

/**
 * What a {@link Transport} reports. Callbacks run on I/O threads (Netty event loops, the router
 * client's callback thread, the in-memory network's delivery thread): they must not block; decode
 * and hand over to the member's executor.
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
