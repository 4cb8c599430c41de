package io.xsite.core.internal.delivery;

/**
 * The retransmission timeout of one stream, from how long its parcels wait for their acknowledgements:
 * the smoothed wait plus four times its variation (the estimator TCP uses, RFC 6298), never below the
 * configured initial timeout nor above the maximum, doubled by each timeout without progress.
 *
 * <p>A fixed timeout fails under load: when the receiver's queue is long, acknowledgements take longer
 * than the timeout, the sender resends parcels the receiver already has, and the duplicates lengthen the
 * queue further. Measured round trips keep the timeout above what the path currently takes.
 */
final class RetransmissionTimeout {
    private final long minNanos;
    private final long maxNanos;
    private long smoothedNanos;
    private long variationNanos;
    private boolean measured;
    private long currentNanos;

    RetransmissionTimeout(long minNanos, long maxNanos) {
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.currentNanos = minNanos;
    }

    /** How long an unacknowledged parcel waits now before it is sent again. */
    long nanos() {
        return currentNanos;
    }

    /**
     * An acknowledgement arrived {@code roundTripNanos} after the first and only transmission of the
     * oldest parcel it acknowledges (a parcel sent more than once gives no sample: which copy was
     * acknowledged is unknown), or progress without a sample when negative. Either way the backoff ends.
     */
    void onProgress(long roundTripNanos) {
        if (roundTripNanos >= 0) {
            if (!measured) {
                smoothedNanos = roundTripNanos;
                variationNanos = roundTripNanos / 2;
                measured = true;
            } else {
                variationNanos += (Math.abs(smoothedNanos - roundTripNanos) - variationNanos) / 4;
                smoothedNanos += (roundTripNanos - smoothedNanos) / 8;
            }
        }
        currentNanos = measured ? clamp(smoothedNanos + 4 * variationNanos) : minNanos;
    }

    /** A timeout passed without progress: wait twice as long next time, up to the maximum. */
    void onTimeout() {
        currentNanos = clamp(currentNanos * 2);
    }

    private long clamp(long nanos) {
        return Math.max(minNanos, Math.min(maxNanos, nanos));
    }
}
