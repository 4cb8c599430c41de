package io.xsite.relay.reliability;

import java.util.List;

/** What {@link OriginStreams} asks of its owner; called on the owner's thread, from within its methods. */
public interface OriginOutput {

    /** Sends {@code element} towards its destination through the current path (new or resent). */
    void transmit(Sequenced element);

    /**
     * The stream to {@code to} was given up: {@code bodies} (oldest first) were never acknowledged and
     * may or may not have arrived.
     */
    void failed(Destination to, List<Body> bodies);

    /** A {@link OriginStreams#send} to {@code to} was refused since the last call; now there is room. */
    void windowOpened(Destination to);
}
