package io.xsite.grid;

/**
 * What a repair did (grid.md, "Verify and repair"): it compared the sites, sent the entries of every segment that
 * differed both ways (tombstones included, each merged by the cache's conflict policy, so both sites end with the
 * policy's winner), and compared again.
 *
 * @param before the comparison that chose the segments to send
 * @param after  the comparison once both sites applied what they were sent
 */
public record SiteRepair(SiteComparison before, SiteComparison after) {
}
