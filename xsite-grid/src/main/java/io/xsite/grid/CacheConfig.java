package io.xsite.grid;

import java.util.List;
import java.util.Objects;

/**
 * One cache's settings.
 *
 * @param name      the cache's name
 * @param owners    copies of each segment in the site, or {@link #ALL_MEMBERS}
 * @param segments  the fixed number of segments keys hash to, 1 to {@value HashSlot#COUNT}: each takes a range of
 *                  Redis Cluster's hash slots ({@link HashSlot})
 * @param backups   the other sites the cache's writes are copied to (grid.md, "Between sites"); none by default
 * @param conflicts which of two concurrent writes of different sites wins
 */
public record CacheConfig(String name, int owners, int segments, List<BackupConfig> backups,
                          ConflictPolicy conflicts) {

    /** {@link #owners()} of a cache replicated to every member. */
    public static final int ALL_MEMBERS = -1;

    /** The cache RESP database 0 and a bare {@code --resp-port} serve. */
    public static final String DEFAULT_CACHE = "default";

    /** Checks the settings. */
    public CacheConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(conflicts, "conflicts");
        backups = List.copyOf(backups);
        if (owners < 1 && owners != ALL_MEMBERS) {
            throw new IllegalArgumentException("owners must be at least 1, or all: " + owners);
        }
        if (segments < 1 || segments > HashSlot.COUNT) {
            throw new IllegalArgumentException("segments must be between 1 and " + HashSlot.COUNT + ": " + segments);
        }
        if (backups.stream().map(BackupConfig::site).distinct().count() != backups.size()) {
            throw new IllegalArgumentException("cache " + name + " names a backup site twice: " + backups);
        }
    }

    /** A cache without backup sites. */
    public CacheConfig(String name, int owners, int segments) {
        this(name, owners, segments, List.of(), ConflictPolicy.LAST_WRITER_WINS);
    }

    /** A cache with 2 owners and 256 segments, the defaults. */
    public static CacheConfig named(String name) {
        return new CacheConfig(name, 2, 256);
    }

    /** This cache backed up to {@code sites} instead. */
    public CacheConfig withBackups(List<BackupConfig> sites) {
        return new CacheConfig(name, owners, segments, sites, conflicts);
    }

    /** This cache resolving conflicts with {@code policy} instead. */
    public CacheConfig withConflicts(ConflictPolicy policy) {
        return new CacheConfig(name, owners, segments, backups, policy);
    }
}
