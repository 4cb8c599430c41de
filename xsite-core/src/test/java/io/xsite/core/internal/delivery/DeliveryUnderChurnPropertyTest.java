package io.xsite.core.internal.delivery;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * The property: several senders, a seeded random schedule of crashes, partitions and heals on
 * a lossy, duplicating, reordering network; at every survivor, per-sender FIFO with no loss and no
 * duplicates for what was sent while both ends were in the view. A failure names the seed and prints
 * the schedule; jqwik re-runs the failing seed first next time, and {@code new ChurnScenario(seed)}
 * replays it alone.
 */
class DeliveryUnderChurnPropertyTest {

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void everySurvivorGetsEachSendersMessagesInOrderOnceAndAll(@ForAll long seed) {
        new ChurnScenario(seed).runAndCheck();
    }

    /**
     * Found by the property: a frame of a stream the sender had already replaced (held up by two quick
     * partitions) reset the receiver to that older stream and was delivered after newer messages.
     */
    @Example
    void aLateFrameOfAnOlderStreamOfTheSameSenderIsStale() {
        new ChurnScenario(1).runAndCheck();
    }
}
