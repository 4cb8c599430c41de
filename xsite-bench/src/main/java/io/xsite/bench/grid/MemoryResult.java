package io.xsite.bench.grid;

/**
 * The memory one system took for {@code entries} new entries: its {@link MemorySample}s before and after.
 *
 * @param copies how many copies of each entry it keeps; the figures are per copy
 */
record MemoryResult(String system, long entries, int copies, MemorySample before, MemorySample after) {
    MemoryResult {
        if (entries <= 0 || copies <= 0) {
            throw new IllegalArgumentException("entries and copies must be positive: " + entries + ", " + copies);
        }
    }

    /** Bytes per entry and copy of what the process holds (redis: used_memory; xsite: heap after GC). */
    double usedBytesPerCopy() {
        return (double) (after.usedBytes() - before.usedBytes()) / entries / copies;
    }

    /** Bytes per entry and copy as the store counts them. */
    double accountedBytesPerCopy() {
        return (double) (after.accountedBytes() - before.accountedBytes()) / entries / copies;
    }
}
