package io.xsite.core.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@code ReliableDelivery}. {@link #DEFAULTS} is the one place their defaults are written.
 *
 * @param windowMessages     most messages to one peer sent and not yet acknowledged; a send beyond it
 *                           is refused (backpressure)
 * @param windowBytes        most bytes ({@link Message#size()}) to one peer not yet acknowledged
 * @param retransmitInitial  how long an unacknowledged message waits before it is sent again, at least:
 *                           the timeout follows how long acknowledgements take (see
 *                           {@code RetransmissionTimeout}) and doubles on each retransmission without progress
 * @param retransmitMax      the longest the retransmission timeout grows to
 * @param ackDelay           how long a receiver holds back a cumulative acknowledgement to batch it
 *                           (it goes out on the first tick after the delay, or at once when half a
 *                           window has arrived since the last one)
 * @param maxMessageBytes    largest {@link Message#size()} a send accepts; at most {@code windowBytes}
 * @param outOfOrderLimit    most messages from one sender held back waiting for an earlier one; later
 *                           ones are dropped and come again by retransmission
 * @param rememberedSenders  how many departed senders' stream positions are remembered, so that their
 *                           stale frames are recognised after they left the view and when they return
 * @param keptPayloadBytes   one-way payloads of at least this many bytes stay in the buffer they were received
 *                           in (a retained slice of the frame, see {@link Message}) until the message's
 *                           listeners returned, instead of being copied into an array at once: for a member
 *                           that passes payloads on unread (a site master). {@link Integer#MAX_VALUE}: never
 */
public record DeliveryConfig(int windowMessages, int windowBytes, Duration retransmitInitial,
                             Duration retransmitMax, Duration ackDelay, int maxMessageBytes,
                             int outOfOrderLimit, int rememberedSenders, int keptPayloadBytes) {

    /**
     * Production defaults: a 1024-message / 1 MiB window per peer (no larger than the tcp transport's
     * write high-water mark, so a full window alone never overflows its queue), retransmission after
     * 200 ms to 2 s, every payload copied out of the frame it arrived in (listeners may keep messages).
     */
    public static final DeliveryConfig DEFAULTS = new DeliveryConfig(1024, 1024 * 1024,
            Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(20), 1024 * 1024, 1024, 1024,
            Integer.MAX_VALUE);

    public DeliveryConfig {
        Objects.requireNonNull(retransmitInitial, "retransmitInitial");
        Objects.requireNonNull(retransmitMax, "retransmitMax");
        Objects.requireNonNull(ackDelay, "ackDelay");
        if (windowMessages < 1 || windowBytes < 1 || outOfOrderLimit < 1 || rememberedSenders < 0
                || keptPayloadBytes < 0) {
            throw new IllegalArgumentException("window, out-of-order limit and memory must be positive: " + windowMessages
                    + ", " + windowBytes + ", " + outOfOrderLimit + ", " + rememberedSenders + ", " + keptPayloadBytes);
        }
        if (maxMessageBytes < 1 || maxMessageBytes > windowBytes || maxMessageBytes > Message.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must lie in [1, min(windowBytes, "
                    + Message.MAX_PAYLOAD_BYTES + ")]: " + maxMessageBytes);
        }
        if (retransmitInitial.isNegative() || retransmitInitial.isZero() || retransmitMax.compareTo(retransmitInitial) < 0) {
            throw new IllegalArgumentException("retransmission timeouts need 0 < initial <= max: "
                    + retransmitInitial + ", " + retransmitMax);
        }
        if (ackDelay.isNegative()) {
            throw new IllegalArgumentException("negative ackDelay: " + ackDelay);
        }
    }

    /** Small windows and millisecond timeouts, for tests driven by a fake clock. */
    public static DeliveryConfig fast() {
        return new DeliveryConfig(8, 16 * 1024, Duration.ofMillis(10), Duration.ofMillis(80), Duration.ofMillis(5),
                4 * 1024, 8, 64, Integer.MAX_VALUE);
    }

    /** These settings with {@link #keptPayloadBytes()} set to {@code bytes}. */
    public DeliveryConfig withKeptPayloadBytes(int bytes) {
        return new DeliveryConfig(windowMessages, windowBytes, retransmitInitial, retransmitMax, ackDelay,
                maxMessageBytes, outOfOrderLimit, rememberedSenders, bytes);
    }
}
