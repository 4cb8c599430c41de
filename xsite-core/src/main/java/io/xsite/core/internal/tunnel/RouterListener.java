package io.xsite.core.internal.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.xsite.wire.address.Address;
import java.net.InetSocketAddress;

/**
 * What a {@link RouterClient} reports, one callback at a time and in arrival order, on the client's event
 * loop: callbacks must not block. An exception thrown by a callback is logged and does not stop the client.
 */
public interface RouterListener {

    /**
     * A MESSAGE from another member; the own copies of multicasts that a JGroups 5.5 router echoes are
     * already dropped.
     *
     * @param sender      the member that sent it
     * @param destination this member for a unicast, null for a message to the whole group
     * @param payload     the payload, owned by the listener from now on
     */
    void onMessage(Address sender, Address destination, byte[] payload);

    /**
     * As {@link #onMessage(Address, Address, byte[])} with the payload as the slice of the bytes read,
     * which the listener owns (and releases, or hands on). By default copied into an array for the other
     * method and released; a listener that works on buffers takes it as it is, without the copy.
     */
    default void onMessage(Address sender, Address destination, ByteBuf payload) {
        try {
            onMessage(sender, destination, ByteBufUtil.getBytes(payload));
        } finally {
            payload.release();
        }
    }

    /**
     * A router reports that {@code member}'s connection to it closed abnormally. The member may still be
     * reachable through another router: each router suspects on its own, so the same member can be
     * reported once per router, and the caller should verify before excluding it.
     */
    void onSuspect(Address member);

    /** {@code router} answered after (re)connect and registration; messages may go through it again. */
    default void onRouterUp(InetSocketAddress router) {
    }

    /** The connection to {@code router} was lost or dropped as silent; a reconnect is scheduled. */
    default void onRouterDown(InetSocketAddress router) {
    }

    /** A router connection takes messages again after {@link RouterClient#sendInPlace} was refused. */
    default void onWritable() {
    }
}
