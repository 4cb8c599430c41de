package io.xsite.core.internal.tunnel;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The delay before the next connect attempt to a router: exponential in the number of failures in a
 * row, capped, with "equal jitter" (a uniform pick in the upper half) so that the members of a site
 * that lost a router together do not all knock on its door at the same instant when it comes back.
 * The tcp transport redials members with the same curve.
 */
public final class ReconnectBackoff {
    private ReconnectBackoff() {
    }

    /**
     * The delay after {@code failures} failed attempts in a row (0 = the router was just lost): in
     * {@code [d/2, d]} with {@code d = min(max, initial * 2^failures)}.
     */
    public static Duration delay(int failures, Duration initial, Duration max, RandomGenerator random) {
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        // 2^failures overflows past 62 doublings; by then the cap has long applied.
        int shift = Math.min(Math.max(failures, 0), 62);
        long ceiling = initialNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, initialNanos << shift);
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }
}
