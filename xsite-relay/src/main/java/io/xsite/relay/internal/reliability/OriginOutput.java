package io.xsite.relay.internal.reliability;

import io.xsite.relay.reliability.Destination;

/** What {@link OriginStreams} asks of its owner; called on the owner's thread, from within its methods. */
public interface OriginOutput {

    /** Sends {@code element} towards its destination through the current path (new or resent). */
    void transmit(Sequenced element);

    /** A {@link OriginStreams#send} to {@code to} was refused since the last call; now there is room. */
    void windowOpened(Destination to);
}
