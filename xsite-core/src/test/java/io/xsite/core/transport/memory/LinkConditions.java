package io.xsite.core.transport.memory;

import java.time.Duration;
import java.util.Objects;

/**
 * How one direction of a link between two in-memory members behaves.
 *
 * @param dropProbability chance in {@code [0, 1]} that a frame is lost
 * @param delay           how long every frame travels
 * @param jitter          extra travel time drawn uniformly from {@code [0, jitter]} per frame; above zero,
 *                        frames may overtake each other (reordering on purpose); zero keeps the link FIFO
 */
public record LinkConditions(double dropProbability, Duration delay, Duration jitter) {
    /** A perfect link: no loss, no delay, FIFO. */
    public static final LinkConditions PERFECT = new LinkConditions(0, Duration.ZERO, Duration.ZERO);

    public LinkConditions {
        if (!(dropProbability >= 0 && dropProbability <= 1)) {
            throw new IllegalArgumentException("dropProbability must be in [0, 1]: " + dropProbability);
        }
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delay and jitter must not be negative: " + delay + ", " + jitter);
        }
    }

    /** A link that loses frames with {@code probability} and is otherwise perfect. */
    public static LinkConditions lossy(double probability) {
        return new LinkConditions(probability, Duration.ZERO, Duration.ZERO);
    }
}
