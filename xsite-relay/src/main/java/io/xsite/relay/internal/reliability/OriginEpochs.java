package io.xsite.relay.internal.reliability;

import java.util.random.RandomGenerator;

/**
 * The epochs of one origin incarnation: a random 32-bit incarnation number in the high half, a
 * counter of the streams it opened in the low half. Random across incarnations, so a restarted origin
 * never reuses an epoch; ordered within one, so a receiver recognises a frame of an older stream of
 * the same incarnation as stale even when it never saw that stream (e.g. a late frame from before
 * {@link OriginStreams#onUnreachable}).
 */
final class OriginEpochs {
    /** "No stream": {@link #next} never returns it, because the counter starts at 1. */
    static final long NO_EPOCH = 0;

    private final long incarnation;
    private long opened;

    OriginEpochs(RandomGenerator random) {
        this.incarnation = ((long) random.nextInt()) << 32;
    }

    /** The epoch of a newly opened stream. */
    long next() {
        opened = (opened + 1) & 0xFFFF_FFFFL;
        if (opened == 0) {
            opened = 1;
        }
        return incarnation | opened;
    }

    /** Whether {@code epoch} belongs to the same origin incarnation as {@code current} and was opened before it. */
    static boolean olderSibling(long epoch, long current) {
        return (epoch >>> 32) == (current >>> 32) && (epoch & 0xFFFF_FFFFL) < (current & 0xFFFF_FFFFL);
    }
}
