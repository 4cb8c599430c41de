package io.xsite.relay.internal.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Frames in flight between sites, in both directions, as deliveries still to happen: delivered in random order
 * (so frames overtake each other), duplicated or lost at the test's command, all decided by a seeded
 * {@link Random}. A frame is the delivery itself, so a duplicate is the same frame delivered twice.
 */
public final class ChaoticPath {
    private final List<Runnable> inFlight = new ArrayList<>();
    private final Random random;

    public ChaoticPath(Random random) {
        this.random = random;
    }

    /** Puts a frame on the way: {@code delivery} runs when it arrives. */
    public void add(Runnable delivery) {
        inFlight.add(delivery);
    }

    /** Delivers one frame picked at random. */
    public void deliverOne() {
        if (!inFlight.isEmpty()) {
            removeAt(random.nextInt(inFlight.size())).run();
        }
    }

    public void duplicateOne() {
        if (!inFlight.isEmpty()) {
            inFlight.add(inFlight.get(random.nextInt(inFlight.size())));
        }
    }

    public void loseOne() {
        if (!inFlight.isEmpty()) {
            removeAt(random.nextInt(inFlight.size()));
        }
    }

    /** Loses each frame in flight with probability {@code share}. */
    public void loseShare(double share) {
        inFlight.removeIf(frame -> random.nextDouble() < share);
    }

    public boolean isEmpty() {
        return inFlight.isEmpty();
    }

    /** Removes in constant time: order in the list means nothing, frames are picked at random. */
    private Runnable removeAt(int index) {
        Runnable frame = inFlight.get(index);
        Runnable last = inFlight.remove(inFlight.size() - 1);
        if (index < inFlight.size()) {
            inFlight.set(index, last);
        }
        return frame;
    }
}
