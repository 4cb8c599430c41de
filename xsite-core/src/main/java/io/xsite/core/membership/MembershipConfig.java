package io.xsite.core.membership;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts of membership. {@link #DEFAULTS} suit Kubernetes: a crashed member is suspected after
 * {@code suspectTimeout} of silence and excluded once a direct check has gone unanswered for
 * {@code verifyTimeout}, so within about 10 s of the crash (6 + 2 s, plus a heartbeat interval).
 *
 * @param heartbeatInterval  how often a member tells every other member of its view that it is alive;
 *                           also the retransmission interval of view announcements and leave requests
 * @param suspectTimeout     silence after which a member is suspected
 * @param verifyTimeout      how long a suspected member has to answer a direct check before exclusion
 * @param joinTimeout        how long a joiner waits for answers to its discovery round or for the
 *                           coordinator's answer to its join request; a member that finds nobody
 *                           becomes coordinator of a view of its own after this time
 * @param discoveryInterval  how often a member that is not in a view, or alone in one, runs discovery
 * @param mergeCheckInterval how often a coordinator of several members runs discovery to find other
 *                           coordinators of the same cluster (partitions that healed)
 * @param viewAckTimeout     how long a coordinator waits for acknowledgements of a view before it
 *                           goes on (a member that did not acknowledge will be suspected)
 * @param leaveTimeout       how long a leaving member waits for the view without it before it gives up
 * @param maxJoinBatch       most joiners admitted into one view; the rest join with the next
 */
public record MembershipConfig(Duration heartbeatInterval, Duration suspectTimeout, Duration verifyTimeout,
                               Duration joinTimeout, Duration discoveryInterval, Duration mergeCheckInterval,
                               Duration viewAckTimeout, Duration leaveTimeout, int maxJoinBatch) {

    /** The only place a membership default is written. */
    public static final MembershipConfig DEFAULTS = new MembershipConfig(Duration.ofSeconds(1),
            Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5), 100);

    public MembershipConfig {
        positive(heartbeatInterval, "heartbeatInterval");
        positive(suspectTimeout, "suspectTimeout");
        positive(verifyTimeout, "verifyTimeout");
        positive(joinTimeout, "joinTimeout");
        positive(discoveryInterval, "discoveryInterval");
        positive(mergeCheckInterval, "mergeCheckInterval");
        positive(viewAckTimeout, "viewAckTimeout");
        positive(leaveTimeout, "leaveTimeout");
        if (suspectTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("suspectTimeout " + suspectTimeout
                    + " must exceed heartbeatInterval " + heartbeatInterval);
        }
        if (maxJoinBatch < 1) {
            throw new IllegalArgumentException("maxJoinBatch must be positive: " + maxJoinBatch);
        }
    }

    /**
     * Short timeouts for members on one machine and for tests (100 ms to 1.5 s): a crash is excluded within
     * about 2 s. Suspicion still waits 1.5 s, so that a busy machine (a JVM pause, a loaded CI runner) does
     * not make members suspect each other.
     */
    public static MembershipConfig loopback() {
        return new MembershipConfig(Duration.ofMillis(100), Duration.ofMillis(1500), Duration.ofMillis(500),
                Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(300),
                Duration.ofSeconds(1), 100);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
