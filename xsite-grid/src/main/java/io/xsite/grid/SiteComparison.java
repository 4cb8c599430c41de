package io.xsite.grid;

import java.util.List;

/**
 * How one cache compares between this site and another, segment by segment (grid.md, "Verify and repair"):
 * each site's primaries digest their segments' live values at one instant, and the segments whose digests
 * differ are listed. Writes still on their way between the sites (the RPO) show as differences too.
 *
 * @param cache       the cache
 * @param site        this site
 * @param otherSite   the site compared with
 * @param segments    the cache's segments, all compared
 * @param keys        live values at this site
 * @param otherKeys   live values at the other site
 * @param differences the segments whose contents differ, by number
 */
public record SiteComparison(String cache, String site, String otherSite, int segments, long keys, long otherKeys,
                             List<SegmentDifference> differences) {

    public SiteComparison {
        differences = List.copyOf(differences);
    }

    /** Whether both sites hold the same values in every segment. */
    public boolean same() {
        return differences.isEmpty();
    }

    /**
     * A segment whose contents differ between the two sites.
     *
     * @param segment   the segment's number
     * @param keys      its live values at this site
     * @param otherKeys its live values at the other site
     */
    public record SegmentDifference(int segment, long keys, long otherKeys) {
    }
}
