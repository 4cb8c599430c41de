package io.xsite.cli.stream;

import java.time.Instant;
import java.util.BitSet;

/**
 * What one receiver saw of one numbered stream: every number received, duplicates, numbers that arrived
 * after a higher one (out of order), and the numbers still missing. Not thread-safe: its
 * {@link StreamLedger} guards it.
 */
final class StreamTally {
    private final String sender;
    private final long stream;
    private final long count;
    private final BitSet seen;
    private long received;
    private long distinct;
    private long duplicates;
    private long outOfOrder;
    private long highest;
    private Instant first;
    private Instant last;

    StreamTally(String sender, long stream, long count) {
        this.sender = sender;
        this.stream = stream;
        this.count = count;
        this.seen = new BitSet((int) Math.min(count + 1, 1 << 16));
    }

    /**
     * Counts number {@code seq} arriving at {@code at}.
     *
     * @return true when this number completed the stream (every number has arrived, this one last)
     */
    boolean onNumber(long seq, Instant at) {
        if (first == null) {
            first = at;
        }
        last = at;
        received++;
        int index = (int) seq;
        if (seen.get(index)) {
            duplicates++;
            return false;
        }
        seen.set(index);
        distinct++;
        if (seq < highest) {
            outOfOrder++;
        }
        highest = Math.max(highest, seq);
        return distinct == count;
    }

    /** The tally as it is now. */
    StreamReport report() {
        BitSet missing = new BitSet();
        missing.set(1, (int) count + 1);
        missing.andNot(seen);
        return new StreamReport(sender, Long.toHexString(stream), count, received, distinct, duplicates, outOfOrder,
                count - distinct, NumberRanges.of(missing), highest, first, last);
    }
}
