package io.xsite.grid;

import java.util.Objects;

/**
 * One cache's settings.
 *
 * @param name the cache's name
 * @param owners copies of each segment in the site, or {@link #ALL_MEMBERS}
 * @param segments the fixed number of segments keys hash to
 */
public record CacheConfig(String name, int owners, int segments) {

    /** {@link #owners()} of a cache replicated to every member. */
    public static final int ALL_MEMBERS = -1;

    /** The cache RESP database 0 and a bare {@code --resp-port} serve. */
    public static final String DEFAULT_CACHE = "default";

    /** Checks the settings. */
    public CacheConfig {
        Objects.requireNonNull(name, "name");
        if (owners < 1 && owners != ALL_MEMBERS) {
            throw new IllegalArgumentException("owners must be at least 1, or all: " + owners);
        }
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1: " + segments);
        }
    }

    /** A cache with 2 owners and 256 segments, the defaults. */
    public static CacheConfig named(String name) {
        return new CacheConfig(name, 2, 256);
    }
}
