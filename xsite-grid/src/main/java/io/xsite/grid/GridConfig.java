package io.xsite.grid;

import java.util.List;

/**
 * The grid's settings on one member.
 *
 * @param caches the caches, identical on every member of a site
 */
public record GridConfig(List<CacheConfig> caches) {

    /** Copies the list. */
    public GridConfig {
        caches = List.copyOf(caches);
        if (caches.stream().map(CacheConfig::name).distinct().count() != caches.size()) {
            throw new IllegalArgumentException("cache names must be unique: " + caches);
        }
    }

    /** The grid a bare {@code --resp-port} serves: one cache {@code default}, 2 owners. */
    public static GridConfig defaults() {
        return new GridConfig(List.of(CacheConfig.named(CacheConfig.DEFAULT_CACHE)));
    }
}
