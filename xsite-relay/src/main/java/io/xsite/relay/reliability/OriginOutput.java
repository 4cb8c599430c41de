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

    /**
     * The form in which the element at {@code seq} of the stream to {@code to} is held and (re)sent, fixed
     * once when its position is known: {@code body} itself, or {@code body} sealed for its destination
     * (the seal authenticates the position too).
     */
    default Body held(Destination to, long epoch, long seq, Body body) {
        return body;
    }
}
