package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigValues;
import io.xsite.cli.config.ValueType;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.GridConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The grid's keys of {@code xsite node} ({@link NodeGridConfig}): {@code resp-port}, {@code resp-password-file},
 * {@code resp-max-request-bytes} and {@code grid.caches}, the caches as {@code NAME[:OWNERS]} comma-separated
 * (OWNERS a number or {@code all}; 2 when left out). The cache {@code default}, RESP database 0, is always
 * there: a list without it gets it first, with 2 owners. {@code grid.caches} is a key under the section
 * {@code grid:} (YAML {@code grid: {caches: ...}}, {@code XSITE_GRID_CACHES}, {@code --grid-caches}), so that
 * every command on a node's host reads the same caches.
 */
final class GridSettings {
    private static final Pattern CACHE = Pattern.compile("([A-Za-z0-9._-]{1,64})(:(all|\\d{1,4}))?");

    /** {@code NAME[:OWNERS]}, comma-separated. */
    static final ValueType<GridConfig> CACHES = new ValueType<>(
            "caches as NAME[:OWNERS], comma-separated (OWNERS a number or all)", GridSettings::parseCaches,
            GridSettings::formatCaches);

    static final ConfigKey<NodeConfig, Integer> RESP_PORT =
            new ConfigKey<>("resp-port", ValueType.PORT_OR_OFF, c -> c.grid().respPort());
    static final ConfigKey<NodeConfig, Optional<Path>> RESP_PASSWORD_FILE = new ConfigKey<>("resp-password-file",
            ValueType.optional(ValueType.PATH), c -> c.grid().respPasswordFile(), "/etc/xsite/resp/password");
    static final ConfigKey<NodeConfig, Integer> RESP_MAX_REQUEST_BYTES = new ConfigKey<>("resp-max-request-bytes",
            ValueType.SIZE, c -> c.grid().respMaxRequestBytes());
    static final ConfigKey<NodeConfig, GridConfig> GRID_CACHES =
            new ConfigKey<>("grid.caches", CACHES, c -> c.grid().caches(), "default,sessions:all,carts:3");

    /** The keys, in the order help and errors list them. */
    static final List<ConfigKey<NodeConfig, ?>> KEYS =
            List.of(RESP_PORT, RESP_PASSWORD_FILE, RESP_MAX_REQUEST_BYTES, GRID_CACHES);

    private GridSettings() {
    }

    /** The grid configuration of {@code v}. */
    static NodeGridConfig build(ConfigValues<NodeConfig> v) {
        return new NodeGridConfig(v.get(RESP_PORT), v.get(GRID_CACHES), v.get(RESP_PASSWORD_FILE),
                v.get(RESP_MAX_REQUEST_BYTES));
    }

    private static GridConfig parseCaches(String text) {
        List<CacheConfig> caches = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            var m = CACHE.matcher(entry.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a cache: '" + entry + "'");
            }
            String owners = m.group(3);
            int count = owners == null ? CacheConfig.named(m.group(1)).owners()
                    : owners.toLowerCase(Locale.ROOT).equals("all") ? CacheConfig.ALL_MEMBERS
                    : Integer.parseInt(owners);
            caches.add(new CacheConfig(m.group(1), count, CacheConfig.named(m.group(1)).segments()));
        }
        if (caches.stream().noneMatch(cache -> cache.name().equals(CacheConfig.DEFAULT_CACHE))) {
            caches.add(0, CacheConfig.named(CacheConfig.DEFAULT_CACHE));
        }
        return new GridConfig(caches);
    }

    private static String formatCaches(GridConfig config) {
        return config.caches().stream().map(cache -> cache.name() + ":"
                + (cache.owners() == CacheConfig.ALL_MEMBERS ? "all" : String.valueOf(cache.owners())))
                .collect(Collectors.joining(","));
    }
}
