package io.xsite.cli.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * One receiver's account of one numbered stream, as {@code /streams} serves it.
 *
 * @param sender     the sending member, {@code NAME:SITE}
 * @param stream     the stream's id in hex
 * @param count      how many numbers the stream has
 * @param received   messages received, duplicates included
 * @param distinct   different numbers received
 * @param duplicates messages whose number had arrived before
 * @param outOfOrder numbers that arrived after a higher number (each counted once)
 * @param missing    numbers not received yet
 * @param missingNumbers those numbers as ranges, {@code 1-250,300} (at most {@link NumberRanges#MAX_RANGES}
 *                   ranges, then {@code ...}); empty when none is missing
 * @param highest    the highest number received, 0 before the first
 * @param firstAt    when the first message arrived
 * @param lastAt     when the last message arrived
 */
public record StreamReport(String sender, String stream, long count, long received, long distinct, long duplicates,
                           long outOfOrder, long missing, String missingNumbers, long highest, Instant firstAt,
                           Instant lastAt) {
    public StreamReport {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(missingNumbers, "missingNumbers");
        Objects.requireNonNull(firstAt, "firstAt");
        Objects.requireNonNull(lastAt, "lastAt");
        if (distinct > count || duplicates + distinct != received || missing != count - distinct) {
            throw new IllegalArgumentException("inconsistent stream report: " + distinct + " distinct, "
                    + duplicates + " duplicates, " + received + " received, " + missing + " missing of " + count);
        }
    }

    /** Whether every number arrived exactly once and in order. */
    public boolean complete() {
        return missing == 0 && duplicates == 0 && outOfOrder == 0;
    }
}
