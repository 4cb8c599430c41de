package io.xsite.cli;

import io.xsite.cli.config.ConfigKey;
import io.xsite.cli.config.ConfigValues;
import io.xsite.cli.config.ValueType;
import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.ConflictPolicy;
import io.xsite.grid.GridConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *
 * <p>Between sites (grid.md, "Between sites"): {@code grid.backups} lists each cache's backup sites as
 * {@code CACHE=SITE:STRATEGY[:TIMEOUT[:FAILURE-POLICY[:AFTER-FAILURES/MIN-WAIT[/MAX-KEYS]]]]} comma-separated (STRATEGY
 * {@code sync} or {@code async}, FAILURE-POLICY {@code fail}, {@code warn} or {@code ignore}; a cache may name
 * several sites), and {@code grid.conflicts} each cache's conflict policy as {@code CACHE=POLICY}
 * ({@code last-writer-wins} when left out). Both name caches of {@code grid.caches}.
 */
final class GridSettings {
    private static final Pattern CACHE = Pattern.compile("([A-Za-z0-9._-]{1,64})(:(all|\\d{1,4}))?");

    /** {@code NAME[:OWNERS]}, comma-separated. */
    static final ValueType<GridConfig> CACHES = new ValueType<>(
            "caches as NAME[:OWNERS], comma-separated (OWNERS a number or all)", GridSettings::parseCaches,
            GridSettings::formatCaches);

    /** {@code CACHE=SITE:STRATEGY[:TIMEOUT[:FAILURE-POLICY[:AFTER-FAILURES/MIN-WAIT[/MAX-KEYS]]]]}, comma-separated. */
    static final ValueType<Map<String, List<BackupConfig>>> BACKUPS = new ValueType<>(
            "backups as CACHE=SITE:sync|async[:TIMEOUT[:fail|warn|ignore[:AFTER-FAILURES/MIN-WAIT[/MAX-KEYS]]]], comma-separated",
            GridSettings::parseBackups, GridSettings::formatBackups);

    /** {@code CACHE=POLICY}, comma-separated. */
    static final ValueType<Map<String, ConflictPolicy>> CONFLICTS = new ValueType<>(
            "conflict policies as CACHE=POLICY (last-writer-wins, prefer-site:NAME, prefer-delete, prefer-write), "
                    + "comma-separated", GridSettings::parseConflicts, GridSettings::formatConflicts);

    static final ConfigKey<NodeConfig, Integer> RESP_PORT =
            new ConfigKey<>("resp-port", ValueType.PORT_OR_OFF, c -> c.grid().respPort());
    static final ConfigKey<NodeConfig, Optional<Path>> RESP_PASSWORD_FILE = new ConfigKey<>("resp-password-file",
            ValueType.optional(ValueType.PATH), c -> c.grid().respPasswordFile(), "/etc/xsite/resp/password");
    static final ConfigKey<NodeConfig, Integer> RESP_MAX_REQUEST_BYTES = new ConfigKey<>("resp-max-request-bytes",
            ValueType.SIZE, c -> c.grid().respMaxRequestBytes());
    static final ConfigKey<NodeConfig, GridConfig> GRID_CACHES =
            new ConfigKey<>("grid.caches", CACHES, c -> c.grid().caches(), "default,sessions:all,carts:3");

    static final ConfigKey<NodeConfig, Map<String, List<BackupConfig>>> GRID_BACKUPS = new ConfigKey<>("grid.backups",
            BACKUPS, c -> backupsOf(c.grid().caches()), "default=sfc:sync,sessions=sfc:async:5s");
    static final ConfigKey<NodeConfig, Map<String, ConflictPolicy>> GRID_CONFLICTS = new ConfigKey<>(
            "grid.conflicts", CONFLICTS, c -> conflictsOf(c.grid().caches()), "default=prefer-site:nyc");

    /** The keys, in the order help and errors list them. */
    static final List<ConfigKey<NodeConfig, ?>> KEYS =
            List.of(RESP_PORT, RESP_PASSWORD_FILE, RESP_MAX_REQUEST_BYTES, GRID_CACHES, GRID_BACKUPS, GRID_CONFLICTS);

    private GridSettings() {
    }

    /** The grid configuration of {@code v}. */
    static NodeGridConfig build(ConfigValues<NodeConfig> v) {
        GridConfig caches = v.get(GRID_CACHES);
        Map<String, List<BackupConfig>> backups = v.get(GRID_BACKUPS);
        Map<String, ConflictPolicy> conflicts = v.get(GRID_CONFLICTS);
        for (String cache : union(backups.keySet(), conflicts.keySet())) {
            if (caches.caches().stream().noneMatch(c -> c.name().equals(cache))) {
                throw new IllegalArgumentException(GRID_BACKUPS.name() + " or " + GRID_CONFLICTS.name()
                        + " name the cache " + cache + ", which " + GRID_CACHES.name() + " does not list");
            }
        }
        GridConfig combined = new GridConfig(caches.caches().stream()
                .map(c -> c.withBackups(backups.getOrDefault(c.name(), List.of()))
                        .withConflicts(conflicts.getOrDefault(c.name(), ConflictPolicy.LAST_WRITER_WINS)))
                .toList());
        return new NodeGridConfig(v.get(RESP_PORT), combined, v.get(RESP_PASSWORD_FILE),
                v.get(RESP_MAX_REQUEST_BYTES));
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(name -> !a.contains(name)).forEach(all::add);
        return all;
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

    private static Map<String, List<BackupConfig>> parseBackups(String text) {
        Map<String, List<BackupConfig>> backups = new LinkedHashMap<>();
        if (text.isBlank()) {
            return backups;
        }
        for (String entry : text.split(",", -1)) {
            String[] cacheAndSite = entry.strip().split("=", 2);
            if (cacheAndSite.length != 2 || !CACHE.matcher(cacheAndSite[0]).matches()) {
                throw new IllegalArgumentException("not a backup: '" + entry + "'");
            }
            String[] parts = cacheAndSite[1].split(":", -1);
            if (parts.length < 2 || parts.length > 5 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("not a backup: '" + entry + "'");
            }
            BackupConfig defaults = BackupConfig.DEFAULTS;
            Duration timeout = parts.length > 2 ? ValueType.DURATION.parser().apply(parts[2]) : defaults.timeout();
            BackupConfig.FailurePolicy policy = parts.length > 3 ? BackupConfig.FailurePolicy.valueOf(
                    parts[3].toUpperCase(Locale.ROOT)) : defaults.failurePolicy();
            BackupConfig.TakeOffline offline = parts.length > 4 ? takeOffline(parts[4]) : defaults.takeOffline();
            BackupConfig backup = new BackupConfig(parts[0],
                    BackupConfig.Strategy.valueOf(parts[1].toUpperCase(Locale.ROOT)), timeout, policy, offline);
            backups.computeIfAbsent(cacheAndSite[0], c -> new ArrayList<>()).add(backup);
        }
        return backups;
    }

    private static BackupConfig.TakeOffline takeOffline(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2 && parts.length != 3) {
            throw new IllegalArgumentException("not AFTER-FAILURES/MIN-WAIT[/MAX-KEYS]: '" + text + "'");
        }
        long maxTracked = parts.length == 3 ? Long.parseLong(parts[2])
                : BackupConfig.TakeOffline.DEFAULT_MAX_TRACKED_KEYS;
        return new BackupConfig.TakeOffline(Integer.parseInt(parts[0]), ValueType.DURATION.parser().apply(parts[1]),
                maxTracked);
    }

    private static String formatBackups(Map<String, List<BackupConfig>> backups) {
        return backups.entrySet().stream().flatMap(e -> e.getValue().stream().map(b -> e.getKey() + "=" + b.site()
                + ":" + b.strategy().name().toLowerCase(Locale.ROOT) + ":" + ValueType.DURATION.format(b.timeout())
                + ":" + b.failurePolicy().name().toLowerCase(Locale.ROOT) + ":" + b.takeOffline().afterFailures()
                + "/" + ValueType.DURATION.format(b.takeOffline().minWait()) + "/" + b.takeOffline().maxTrackedKeys()))
                .collect(Collectors.joining(","));
    }

    private static Map<String, List<BackupConfig>> backupsOf(GridConfig config) {
        Map<String, List<BackupConfig>> backups = new LinkedHashMap<>();
        config.caches().stream().filter(c -> !c.backups().isEmpty()).forEach(c -> backups.put(c.name(), c.backups()));
        return backups;
    }

    private static Map<String, ConflictPolicy> parseConflicts(String text) {
        Map<String, ConflictPolicy> conflicts = new LinkedHashMap<>();
        if (text.isBlank()) {
            return conflicts;
        }
        for (String entry : text.split(",", -1)) {
            String[] cacheAndPolicy = entry.strip().split("=", 2);
            if (cacheAndPolicy.length != 2 || !CACHE.matcher(cacheAndPolicy[0]).matches()) {
                throw new IllegalArgumentException("not CACHE=POLICY: '" + entry + "'");
            }
            conflicts.put(cacheAndPolicy[0], ConflictPolicy.parse(cacheAndPolicy[1]));
        }
        return conflicts;
    }

    private static String formatConflicts(Map<String, ConflictPolicy> conflicts) {
        return conflicts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static Map<String, ConflictPolicy> conflictsOf(GridConfig config) {
        Map<String, ConflictPolicy> conflicts = new LinkedHashMap<>();
        config.caches().stream().filter(c -> !c.conflicts().equals(ConflictPolicy.LAST_WRITER_WINS))
                .forEach(c -> conflicts.put(c.name(), c.conflicts()));
        return conflicts;
    }
}
