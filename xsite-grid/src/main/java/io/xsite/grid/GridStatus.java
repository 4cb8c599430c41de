package io.xsite.grid;

import java.util.List;
import java.util.Map;

/**
 * One member's view of the grid, as {@code /grid/status} and {@code xsite grid status} show it.
 *
 * @param member this member's name
 * @param site this member's site
 * @param writable whether this member's side accepts writes (false on a minority side)
 * @param caches one entry per cache
 */
public record GridStatus(String member, String site, boolean writable, List<CacheStatus> caches) {

    /**
     * One cache.
     *
     * @param name the cache's name
     * @param owners configured owners per segment ({@link CacheConfig#ALL_MEMBERS} for all)
     * @param localEntries entries this member holds, as primary or backup
     * @param segmentOwners per segment number, the owners' member names, primary first
     * @param segmentsWithoutOwners segments whose every owner crashed (data to recover from a backup site)
     * @param rebalancing whether segments are moving
     * @param segmentsToFetch segments this member still fetches
     * @param backups one entry per backup site of the cache
     */
    public record CacheStatus(String name, int owners, long localEntries, Map<Integer, List<String>> segmentOwners,
                              int segmentsWithoutOwners, boolean rebalancing, int segmentsToFetch,
                              List<BackupStatus> backups) {
    }

    /**
     * One backup site of a cache, as this member sees it: the RPO of the segments it is primary of (losing this
     * site now loses at most {@code pendingKeys} keys of this member's, written in the last
     * {@code oldestPendingMillis}), counted when the status is asked for (the meters of the same name are updated
     * each second), and whether it is backed up to (grid.md, "Offline and back").
     *
     * @param site                the backup site
     * @param strategy            {@code sync} or {@code async}
     * @param pendingKeys         keys changed here that the site has not acknowledged
     * @param oldestPendingMillis age of the oldest of those changes, 0 when none
     * @param failuresInRow       backup requests to the site that failed since the last that succeeded
     * @param state               {@code online}, {@code offline} (nothing is sent, sync writes do not wait for
     *                            it), {@code catching-up} (brought online, sending the keys tracked while offline)
     *                            or {@code pushing} (a state transfer is on its way)
     * @param tracking            whether the keys changed for the site are tracked; false once more changed while
     *                            it was offline than {@link BackupConfig.TakeOffline#maxTrackedKeys()} allows
     * @param push                the latest state transfer this member sent the site, null when none
     */
    public record BackupStatus(String site, String strategy, long pendingKeys, long oldestPendingMillis,
                               long failuresInRow, String state, boolean tracking, PushProgress push) {
    }

    /**
     * A state transfer's progress on one member: the segments it is primary of, pushed in chunks.
     *
     * @param segmentsDone segments whose every chunk the site applied
     * @param segments     segments this member pushes
     * @param entriesSent  entries (tombstones included) the site applied so far
     * @param done         whether the push ended (every segment pushed, or the rest moved to other primaries)
     */
    public record PushProgress(int segmentsDone, int segments, long entriesSent, boolean done) {
    }
}
