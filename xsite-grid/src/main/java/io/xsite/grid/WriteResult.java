package io.xsite.grid;

import java.util.Optional;

/**
 * What a {@link GridWrite} did.
 *
 * @param applied whether it changed the cache (false when a condition did not hold)
 * @param previous the live entry before the write, when the write asked for it
 * @param number the new value of an {@link GridWrite.Increment}, otherwise 0
 */
public record WriteResult(boolean applied, Optional<GridEntry> previous, long number) {
}
