package io.xsite.grid;

import java.util.List;

/**
 * One page of a {@link GridCache#scan(long, int)}.
 *
 * @param nextCursor the cursor of the next page, 0 when the scan is complete
 * @param keys the page's keys
 */
public record ScanPage(long nextCursor, List<byte[]> keys) {
}
