package io.xsite.relay;

import io.xsite.relay.internal.routing.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Envelopes a new site master holds for sites that are up but that its bridge does not reach yet: right
 * after it takes over, its site's origins resend to it at once, a few milliseconds before its bridge
 * member is in the bridge view. Dropping them made the origins wait for their resend timer (seconds);
 * held, they go out as soon as the bridge view arrives. Bounded: beyond {@link #MAX_HELD} an envelope is
 * dropped, and its origin resends it as before. Confined to the relay thread.
 */
final class AwaitingRoute {
    /** Most envelopes held, all sites together. */
    static final int MAX_HELD = 4096;

    private final Map<String, ArrayDeque<Envelope.Routed>> bySite = new HashMap<>();
    private int held;

    /** Holds {@code envelope} for {@code site}; false when full (the caller drops it). */
    boolean hold(String site, Envelope.Routed envelope) {
        if (held >= MAX_HELD) {
            return false;
        }
        bySite.computeIfAbsent(site, s -> new ArrayDeque<>()).add(envelope);
        held++;
        return true;
    }

    /** Takes what is held for the sites in {@code reachable}, in the order it came. */
    List<Envelope.Routed> release(Set<String> reachable) {
        List<Envelope.Routed> released = new ArrayList<>();
        for (String site : reachable) {
            ArrayDeque<Envelope.Routed> queue = bySite.remove(site);
            if (queue != null) {
                released.addAll(queue);
                held -= queue.size();
            }
        }
        return released;
    }

    /** Forgets everything held (the role ends: the origins resend through the next site master). */
    void clear() {
        bySite.clear();
        held = 0;
    }
}
