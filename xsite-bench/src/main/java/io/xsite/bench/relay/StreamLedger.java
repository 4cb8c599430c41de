package io.xsite.bench.relay;

import java.util.Arrays;

/**
 * What one receiver got of one numbered stream (sequence numbers from 1): when each number first
 * arrived, how many arrived again (duplicates) and how many broke the order (a number that is not the
 * next after the previous new one). At the end it says what is missing of what was sent, and for a
 * failover when traffic came back.
 *
 * <p>Thread-safe; deliveries of one stream come one at a time, so the lock is uncontended.
 */
final class StreamLedger {
    private static final int INITIAL_CAPACITY = 4096;

    /** Arrival time (System.nanoTime) of each sequence number by index; 0 = not arrived. */
    private long[] arrivals = new long[INITIAL_CAPACITY];
    private long distinct;
    private long duplicates;
    private long outOfOrder;
    private long highest;
    private long previousArrival;
    private long longestSilence;

    /** Sequence number {@code sequence} arrived at {@code nanos}; true if it had not arrived before. */
    synchronized boolean record(long sequence, long nanos) {
        if (sequence < 1 || sequence >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence number out of range: " + sequence);
        }
        if (sequence >= arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(sequence + 1,
                    2L * arrivals.length)));
        }
        if (previousArrival != 0) {
            longestSilence = Math.max(longestSilence, nanos - previousArrival);
        }
        previousArrival = nanos;
        int index = (int) sequence;
        if (arrivals[index] != 0) {
            duplicates++;
            return false;
        }
        // A time of exactly 0 would read as "not arrived"; nanoTime is 0 practically never, 1 ns off is harmless.
        arrivals[index] = nanos == 0 ? 1 : nanos;
        distinct++;
        if (sequence != highest + 1) {
            outOfOrder++;
        }
        highest = Math.max(highest, sequence);
        return true;
    }

    /** Distinct sequence numbers that arrived. */
    synchronized long distinct() {
        return distinct;
    }

    /** Arrivals of a number that had arrived before. */
    synchronized long duplicates() {
        return duplicates;
    }

    /** New numbers that did not follow the highest number so far (gaps or late arrivals). */
    synchronized long outOfOrder() {
        return outOfOrder;
    }

    /** The longest time between two consecutive arrivals, in nanoseconds (0 with fewer than two). */
    synchronized long longestSilenceNanos() {
        return longestSilence;
    }

    /** How many of the numbers 1 to {@code sent} have not arrived. */
    synchronized long missing(long sent) {
        long missing = 0;
        for (long s = 1; s <= sent; s++) {
            if (s >= arrivals.length || arrivals[(int) s] == 0) {
                missing++;
            }
        }
        return missing;
    }

    /** The earliest arrival time among numbers {@code from} and above; 0 if none arrived yet. */
    synchronized long firstArrivalFrom(long from) {
        long first = 0;
        for (long s = Math.max(1, from); s < arrivals.length; s++) {
            long at = arrivals[(int) s];
            if (at != 0 && (first == 0 || at - first < 0)) {
                first = at;
            }
        }
        return first;
    }
}
