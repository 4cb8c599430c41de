package io.xsite.core.member;

import io.xsite.wire.address.UuidAddress;
import io.xsite.core.internal.delivery.Parcel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Sends that wait for room in a full delivery window, per peer and in order: this is how a full window
 * pushes back on the application (its futures complete later) without unbounded memory (beyond
 * {@code maxPerPeer} waiting sends, a send fails). Confined to the member's event loop. A waiting send's
 * message is held here: closed when the send fails or this closes, handed on when the delivery takes it.
 */
final class PendingSends {
    private final int maxPerPeer;
    private final Map<UuidAddress, ArrayDeque<Waiting>> byPeer = new HashMap<>();

    PendingSends(int maxPerPeer) {
        this.maxPerPeer = maxPerPeer;
    }

    /**
     * Offers {@code parcel} to {@code delivery} unless earlier sends to {@code to} still wait (FIFO), else
     * queues it. Tells {@code outcome} when the delivery takes it.
     *
     * @return false when the queue for {@code to} is full: the caller fails the send (and keeps its message)
     */
    boolean send(UuidAddress to, Parcel parcel, SendOutcome outcome, BiPredicate<UuidAddress, Parcel> delivery) {
        ArrayDeque<Waiting> queue = byPeer.get(to);
        if (queue == null && delivery.test(to, parcel)) {
            outcome.taken();
            return true;
        }
        if (queue == null) {
            queue = new ArrayDeque<>();
            byPeer.put(to, queue);
        }
        if (queue.size() >= maxPerPeer) {
            return false;
        }
        queue.add(new Waiting(parcel, outcome));
        return true;
    }

    /** Room in the window to {@code to}: hands waiting sends over, in order, while the delivery takes them. */
    void onWindowOpened(UuidAddress to, BiPredicate<UuidAddress, Parcel> delivery) {
        ArrayDeque<Waiting> queue = byPeer.get(to);
        while (queue != null && !queue.isEmpty() && delivery.test(to, queue.peek().parcel())) {
            queue.poll().outcome().taken();
        }
        if (queue != null && queue.isEmpty()) {
            byPeer.remove(to);
        }
    }

    /** {@code peer} left the view: its waiting sends fail with {@code cause}. */
    void fail(UuidAddress peer, RuntimeException cause) {
        ArrayDeque<Waiting> queue = byPeer.remove(peer);
        if (queue != null) {
            queue.forEach(waiting -> {
                waiting.parcel().message().close();
                waiting.outcome().failed(cause);
            });
        }
    }

    /**
     * The member stops: every waiting send's message is closed and its outcome fails with {@code cause}, so that
     * a sender waiting for room hears that none will come.
     */
    void close(MemberClosedException cause) {
        List.copyOf(byPeer.keySet()).forEach(peer -> fail(peer, cause));
    }

    private record Waiting(Parcel parcel, SendOutcome outcome) {
    }
}
