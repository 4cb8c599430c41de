package io.xsite.relay.internal.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The path between sites as the reliability layer sees it: elements and acknowledgements in flight in
 * both directions (immutable values, so a duplicate may be the same object), delivered in random order, duplicated or lost at the test's command,
 * and all lost at once when the path changes (a site master died with them).
 */
final class SimulatedPath {
    private final List<Frame> inFlight = new ArrayList<>();
    private final Random random;

    SimulatedPath(Random random) {
        this.random = random;
    }

    void send(Sequenced element) {
        inFlight.add(new Frame(element, null));
    }

    void send(Ack ack) {
        inFlight.add(new Frame(null, ack));
    }

    /** Delivers one frame picked at random (so frames overtake each other). */
    void deliverOne(Consumer<Sequenced> toReceiver, Consumer<Ack> toOrigin) {
        if (inFlight.isEmpty()) {
            return;
        }
        Frame frame = inFlight.remove(random.nextInt(inFlight.size()));
        if (frame.ack != null) {
            toOrigin.accept(frame.ack);
        } else {
            toReceiver.accept(frame.element);
        }
    }

    void duplicateOne() {
        if (!inFlight.isEmpty()) {
            inFlight.add(inFlight.get(random.nextInt(inFlight.size())));
        }
    }

    void loseOne() {
        if (!inFlight.isEmpty()) {
            inFlight.remove(random.nextInt(inFlight.size()));
        }
    }

    /** The path changes: whatever was in flight on it is gone. */
    void breakDown() {
        inFlight.clear();
    }

    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    /** One of the two in flight: an element to the receiver or an acknowledgement to the origin. */
    private record Frame(Sequenced element, Ack ack) {
    }
}
