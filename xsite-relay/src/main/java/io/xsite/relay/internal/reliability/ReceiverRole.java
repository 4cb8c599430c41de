package io.xsite.relay.internal.reliability;

import io.xsite.relay.reliability.ReliabilityConfig;

/**
 * How a {@link DestinationStreams} takes part in a stream. A unicast's receiver member acknowledges
 * its streams. A site multicast is acknowledged by the destination site's site master once it has
 * handed the element to its local reliable send-to-all; every member of that site (the site master
 * too, for its own copy) then runs a second, non-acknowledging instance that removes duplicates and
 * keeps FIFO order across a change of site master.
 */
public enum ReceiverRole {
    /**
     * Acknowledges what it delivered; without state for an epoch it starts at the element's
     * {@code lowestUnacked}, because the origin still holds everything from there on. Elements beyond
     * the out-of-order limit are dropped: the origin sends them again.
     */
    ACKNOWLEDGING,
    /**
     * Never acknowledges; receives each element from a site master's local send-to-all. Nobody
     * resends to it, so it holds what arrives early (up to the out-of-order limit) and waits up to
     * {@link ReliabilityConfig#gapSkipAfter()} for a missing element (the former site master's local
     * tail) before skipping it, or skips at once beyond the limit; what it skips it reports
     * ({@link DestinationOutput#skipped}). Without state for an epoch it starts at once only at seq 1, else
     * it waits the same way.
     */
    SITE_MEMBER
}
