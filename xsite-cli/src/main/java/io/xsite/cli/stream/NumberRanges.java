package io.xsite.cli.stream;

import java.util.BitSet;
import java.util.StringJoiner;

/**
 * Writes the numbers of a stream as ranges, {@code 1-250,300,412-500}, so that a receiver's missing numbers
 * and the numbers its sender was told about fit one line and can be compared. At most {@link #MAX_RANGES}
 * ranges are written, then {@code ...}: a stream torn into more pieces than that is already a finding.
 */
public final class NumberRanges {
    /** Ranges written before the rest is cut to {@code ...}. */
    public static final int MAX_RANGES = 64;

    private NumberRanges() {
    }

    /** The set bits of {@code numbers} as ranges; empty when none is set. */
    public static String of(BitSet numbers) {
        StringJoiner ranges = new StringJoiner(",");
        int written = 0;
        for (int start = numbers.nextSetBit(0); start >= 0; start = numbers.nextSetBit(start)) {
            if (written++ == MAX_RANGES) {
                ranges.add("...");
                break;
            }
            int end = numbers.nextClearBit(start);
            ranges.add(end - 1 == start ? String.valueOf(start) : start + "-" + (end - 1));
            start = end;
        }
        return ranges.toString();
    }

    /**
     * The numbers of ranges as {@link #of} writes them.
     *
     * @throws IllegalArgumentException when {@code ranges} were cut short ({@code ...}) or are not ranges
     */
    public static BitSet parse(String ranges) {
        if (ranges.endsWith("...")) {
            throw new IllegalArgumentException("ranges cut short: " + ranges);
        }
        BitSet numbers = new BitSet();
        for (String range : ranges.isEmpty() ? new String[0] : ranges.split(",")) {
            String[] ends = range.split("-", 2);
            try {
                numbers.set(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1]) + 1);
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                throw new IllegalArgumentException("not a range of numbers: \"" + range + "\" in " + ranges, e);
            }
        }
        return numbers;
    }
}
