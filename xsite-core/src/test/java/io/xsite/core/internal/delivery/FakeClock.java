package io.xsite.core.internal.delivery;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when a test advances it. */
final class FakeClock implements LongSupplier {
    // Far from zero, so that code relying on differences, not signs, is exercised.
    private long nanos = 1_000_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }
}
