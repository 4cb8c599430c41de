package io.xsite.bench.grid;

/**
 * A system's memory at one moment, in two measures: {@code usedBytes} what the process holds (redis-server:
 * INFO's {@code used_memory}; xsite: every member's heap after a full GC, summed) and {@code accountedBytes} what
 * the store itself counts for its entries (redis-server: the same {@code used_memory}; xsite: every member's
 * {@code xsite_grid_memory_bytes}, summed).
 */
record MemorySample(long usedBytes, long accountedBytes) {
}
