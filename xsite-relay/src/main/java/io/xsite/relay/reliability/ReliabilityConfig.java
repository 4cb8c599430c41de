package io.xsite.relay.reliability;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@code OriginStreams} and {@code DestinationStreams}. {@link #DEFAULTS} is the one place
 * their defaults are written; origin and receivers of a stream should use the same values.
 *
 * @param bufferMessages    most elements to one destination sent and not yet acknowledged; a send
 *                          beyond it is refused (backpressure)
 * @param bufferBytes       most body bytes to one destination not yet acknowledged; also the largest
 *                          body a send accepts
 * @param resendInitial     how long an unacknowledged element waits before it is sent again; doubles
 *                          on each resend without progress and falls back on progress
 * @param resendMax         the longest the resend timeout grows to
 * @param ackDelay          how long an acknowledging receiver holds back a cumulative acknowledgement
 *                          to batch it (it goes out on the first tick after the delay, or at once when
 *                          a gap closes or half a buffer arrived since the last one)
 * @param outOfOrderLimit   most elements of one stream a receiver holds back behind a missing one: an
 *                          acknowledging receiver drops what comes beyond (the origin resends it), a
 *                          {@code ReceiverRole.SITE_MEMBER} skips the oldest gap and reports it
 * @param gapSkipAfter      how long a {@code ReceiverRole.SITE_MEMBER} receiver waits for a missing
 *                          element before it skips it and reports it to the origin
 * @param rememberedStreams   how many streams a receiver keeps whole (held elements, pending acknowledgement);
 *                            the least recently used beyond are kept as their position alone
 * @param rememberedPositions how many positions (epoch and last delivered element) of streams beyond
 *                            {@code rememberedStreams} a receiver keeps; from one it resumes a stream exactly. A
 *                            stream forgotten beyond them is refused, never started over (see
 *                            {@code DestinationStreams})
 */
public record ReliabilityConfig(int bufferMessages, int bufferBytes, Duration resendInitial, Duration resendMax,
                                Duration ackDelay, int outOfOrderLimit, Duration gapSkipAfter,
                                int rememberedStreams, int rememberedPositions) {

    /**
     * Production defaults for links between sites: 4096 elements / 8 MiB per destination, resends after
     * 3 s up to 15 s, a 20 ms ack delay, a 10 s wait for a former site master's local tail. Every hop is
     * reliable on its own and a change of path resends at once, so the timer only covers a site master
     * that died holding elements on the far side; a short timer would resend elements still queued on
     * the way under load, and the duplicates would slow the stream down further. 4096 elements rather
     * than 1024: acknowledgements come every half buffer after a round trip through every hop, and with
     * 1024 a busy origin sat with a full buffer during that round trip while the path idled (a fifth of
     * the CPU idle in the relay benchmark's 1 KB stream); the 8 MiB bound on bytes is unchanged. 4096 whole
     * streams and 65,536 positions (every member of 64 sites of 1024, the topology's limits, about 100 bytes
     * each), so that only churn beyond that makes a receiver refuse a stream.
     */
    public static final ReliabilityConfig DEFAULTS = new ReliabilityConfig(4096, 8 * 1024 * 1024,
            Duration.ofSeconds(3), Duration.ofSeconds(15), Duration.ofMillis(20), 1024, Duration.ofSeconds(10),
            4096, 65_536);

    public ReliabilityConfig {
        Objects.requireNonNull(resendInitial, "resendInitial");
        Objects.requireNonNull(resendMax, "resendMax");
        Objects.requireNonNull(ackDelay, "ackDelay");
        Objects.requireNonNull(gapSkipAfter, "gapSkipAfter");
        if (bufferMessages < 1 || bufferBytes < 1 || outOfOrderLimit < 1 || rememberedStreams < 1
                || rememberedPositions < 1) {
            throw new IllegalArgumentException("buffer, out-of-order limit, remembered streams and positions must be"
                    + " positive: " + bufferMessages + ", " + bufferBytes + ", " + outOfOrderLimit + ", "
                    + rememberedStreams + ", " + rememberedPositions);
        }
        if (resendInitial.isNegative() || resendInitial.isZero() || resendMax.compareTo(resendInitial) < 0) {
            throw new IllegalArgumentException("resend timeouts need 0 < initial <= max: " + resendInitial + ", "
                    + resendMax);
        }
        if (ackDelay.isNegative() || gapSkipAfter.isNegative()) {
            throw new IllegalArgumentException("negative ackDelay or gapSkipAfter: " + ackDelay + ", " + gapSkipAfter);
        }
    }

    /** These settings, keeping {@code streams} whole and {@code positions} more positions. */
    public ReliabilityConfig withRemembered(int streams, int positions) {
        return new ReliabilityConfig(bufferMessages, bufferBytes, resendInitial, resendMax, ackDelay, outOfOrderLimit,
                gapSkipAfter, streams, positions);
    }

    /** Small buffers and millisecond timeouts, for tests driven by a fake clock. */
    public static ReliabilityConfig fast() {
        return new ReliabilityConfig(8, 16 * 1024, Duration.ofMillis(10), Duration.ofMillis(80), Duration.ofMillis(5),
                8, Duration.ofMillis(200), 64, 256);
    }
}
