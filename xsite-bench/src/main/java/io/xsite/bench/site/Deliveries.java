package io.xsite.bench.site;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The ledger of one scenario: which numbered message of which sender each member received. Every
 * benchmark payload starts with the sender's index (4 bytes) and a per-sender sequence number starting
 * at 1 (8 bytes); a delivery that does not carry the next number of its sender at that receiver counts
 * as out of order (a gap or a duplicate), so FIFO per sender and the absence of loss can be checked at
 * the end against what the senders sent.
 *
 * <p>Thread-safe for the way both systems deliver: messages of one sender to one receiver arrive one at
 * a time (possibly on different threads, ordered by the system), different pairs concurrently.
 */
final class Deliveries {
    /** Bytes of the header every benchmark payload starts with: sender index and sequence number. */
    static final int HEADER_BYTES = Integer.BYTES + Long.BYTES;

    private final int members;
    private final AtomicLongArray received;
    private final AtomicLong outOfOrder = new AtomicLong();

    /** A ledger for a cluster of {@code members}. */
    Deliveries(int members) {
        if (members < 1) {
            throw new IllegalArgumentException("members must be positive: " + members);
        }
        this.members = members;
        this.received = new AtomicLongArray(members * members);
    }

    /**
     * A benchmark payload of {@code size} bytes from {@code sender} with sequence number {@code sequence};
     * a new array every time, since xsite shares payload arrays rather than copying them.
     */
    static byte[] payload(int size, int sender, long sequence) {
        if (size < HEADER_BYTES) {
            throw new IllegalArgumentException("payload size must be at least " + HEADER_BYTES + ": " + size);
        }
        byte[] payload = new byte[size];
        ByteBuffer.wrap(payload).putInt(sender).putLong(sequence);
        return payload;
    }

    /**
     * {@code receiver} got the payload that starts at {@code offset} of {@code bytes}. Borrows the array.
     *
     * @throws IllegalArgumentException if the payload names no member of this cluster
     */
    void record(int receiver, byte[] bytes, int offset) {
        ByteBuffer header = ByteBuffer.wrap(bytes, offset, HEADER_BYTES);
        int sender = header.getInt();
        long sequence = header.getLong();
        if (sender < 0 || sender >= members || receiver < 0 || receiver >= members) {
            throw new IllegalArgumentException("delivery from " + sender + " to " + receiver + " outside a cluster of "
                    + members);
        }
        int cell = receiver * members + sender;
        // Only one thread at a time touches a cell (see the class comment), so get-then-set is safe.
        long count = received.get(cell) + 1;
        received.set(cell, count);
        if (sequence != count) {
            outOfOrder.incrementAndGet();
        }
    }

    /** Messages {@code receiver} got from {@code sender}. */
    long received(int receiver, int sender) {
        return received.get(receiver * members + sender);
    }

    /** Messages members got from other members (a sender's copy of its own message to everyone excluded). */
    long remote() {
        long sum = 0;
        for (int r = 0; r < members; r++) {
            for (int s = 0; s < members; s++) {
                sum += r == s ? 0 : received(r, s);
            }
        }
        return sum;
    }

    /** Deliveries that did not carry the next sequence number of their sender (expected: 0). */
    long outOfOrder() {
        return outOfOrder.get();
    }

    /**
     * How many messages are missing, given {@code expected[receiver][sender]}, the number each receiver
     * should have got from each sender; 0 once everything sent has arrived.
     */
    long missing(long[][] expected) {
        long missing = 0;
        for (int r = 0; r < members; r++) {
            for (int s = 0; s < members; s++) {
                missing += Math.max(0, expected[r][s] - received(r, s));
            }
        }
        return missing;
    }
}
