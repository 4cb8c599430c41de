package io.xsite.grid.store;

import java.util.function.LongSupplier;

/**
 * A hybrid logical clock: wall-clock milliseconds in the upper 48 bits, a counter in the lower 16. Its
 * readings grow strictly on this member and never fall behind a reading it has seen from another member,
 * so the timestamps of successive writes of one key are ordered even when the key's primary moves to a
 * member whose wall clock is behind. Confined to the grid thread.
 */
final class HybridClock {
    private static final int LOGICAL_BITS = 16;

    private final LongSupplier wallMillis;
    private long last;

    HybridClock(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    /** A reading later than every earlier one and than every one {@link #observe observed}. */
    long now() {
        long physical = wallMillis.getAsLong() << LOGICAL_BITS;
        last = Math.max(physical, last + 1);
        return last;
    }

    /** Takes in a reading of another member's clock. */
    void observe(long timestamp) {
        last = Math.max(last, timestamp);
    }

    /** The wall-clock milliseconds of a reading. */
    static long millisOf(long timestamp) {
        return timestamp >>> LOGICAL_BITS;
    }
}
