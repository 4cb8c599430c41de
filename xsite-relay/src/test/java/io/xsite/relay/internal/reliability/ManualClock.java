package io.xsite.relay.internal.reliability;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when a test advances it. */
final class ManualClock implements LongSupplier {
    private long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }
}
