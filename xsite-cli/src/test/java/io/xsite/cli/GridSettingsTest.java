package io.xsite.cli;

import static io.xsite.cli.CommandRun.xsite;
import static org.assertj.core.api.Assertions.assertThat;

import io.xsite.grid.BackupConfig;
import io.xsite.grid.CacheConfig;
import io.xsite.grid.ConflictPolicy;
import io.xsite.grid.GridConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The grid's keys of {@code xsite node} in every layer: defaults, the {@code grid:} section, environment, flags. */
class GridSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aBareNodeServesTheDefaultCacheWithTwoOwnersOnRedisPort() {
        NodeGridConfig grid = load(Map.of()).grid();

        assertThat(grid).isEqualTo(NodeGridConfig.DEFAULTS);
        assertThat(grid.respPort()).isEqualTo(6379);
        assertThat(grid.caches()).isEqualTo(new GridConfig(List.of(new CacheConfig("default", 2, 256))));
        assertThat(grid.enabled()).isTrue();
        assertThat(load(Map.of(), "--resp-port", "-1").grid().enabled()).isFalse();
    }

    @Test
    void theGridSectionThenEnvironmentThenFlagsEachWin() throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                resp-port: 7000
                resp-max-request-bytes: 64MiB
                grid:
                  caches: sessions:all, carts:3
                """);

        NodeGridConfig fromFile = load(Map.of(), "--config", file.toString()).grid();
        assertThat(fromFile.respPort()).isEqualTo(7000);
        assertThat(fromFile.respMaxRequestBytes()).isEqualTo(64 << 20);
        assertThat(fromFile.caches().caches()).containsExactly(CacheConfig.named("default"),
                new CacheConfig("sessions", CacheConfig.ALL_MEMBERS, 256), new CacheConfig("carts", 3, 256));

        Map<String, String> env = Map.of("XSITE_GRID_CACHES", "default:3,users", "XSITE_NODE_RESP_PORT", "7001",
                "XSITE_NODE_RESP_PASSWORD_FILE", "/etc/resp/password");
        NodeGridConfig fromEnvironment = load(env, "--config", file.toString()).grid();
        assertThat(fromEnvironment.respPort()).isEqualTo(7001);
        assertThat(fromEnvironment.respPasswordFile()).contains(Path.of("/etc/resp/password"));
        assertThat(fromEnvironment.caches().caches()).containsExactly(new CacheConfig("default", 3, 256),
                CacheConfig.named("users"));

        NodeGridConfig fromFlags = load(env, "--config", file.toString(), "--resp-port", "7002", "--grid-caches",
                "a:1").grid();
        assertThat(fromFlags.respPort()).isEqualTo(7002);
        assertThat(fromFlags.caches().caches()).containsExactly(CacheConfig.named("default"),
                new CacheConfig("a", 1, 256));
    }

    @Test
    void backupSitesAndConflictPoliciesComeFromTheGridSectionAndTheEnvironment() throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                grid:
                  caches: default, carts:3
                  backups: default=sfc:sync:5s:fail:3/30s, default=lon:async, carts=sfc:async
                  conflicts: carts=prefer-site:nyc
                """);

        GridConfig fromFile = load(Map.of(), "--config", file.toString()).grid().caches();
        assertThat(fromFile.caches().get(0).backups()).containsExactly(
                new BackupConfig("sfc", BackupConfig.Strategy.SYNC, Duration.ofSeconds(5),
                        BackupConfig.FailurePolicy.FAIL, new BackupConfig.TakeOffline(3, Duration.ofSeconds(30))),
                BackupConfig.to("lon", BackupConfig.Strategy.ASYNC));
        assertThat(fromFile.caches().get(0).conflicts()).isEqualTo(ConflictPolicy.LAST_WRITER_WINS);
        assertThat(fromFile.caches().get(1).backups()).containsExactly(BackupConfig.to("sfc", BackupConfig.Strategy.ASYNC));
        assertThat(fromFile.caches().get(1).conflicts()).isEqualTo(new ConflictPolicy.PreferSite("nyc"));

        GridConfig fromEnvironment = load(Map.of("XSITE_GRID_BACKUPS", "carts=nyc:sync"), "--config",
                file.toString()).grid().caches();
        assertThat(fromEnvironment.caches().get(0).backups()).isEmpty();
        assertThat(fromEnvironment.caches().get(1).backups()).containsExactly(
                BackupConfig.to("nyc", BackupConfig.Strategy.SYNC));
    }

    @Test
    void aBackupOfAnUnknownCacheOrStrategyIsAnError() {
        CommandRun unknownCache = xsite(Map.of("XSITE_GRID_BACKUPS", "carts=sfc:sync"), "node");
        CommandRun badStrategy = xsite(Map.of("XSITE_GRID_BACKUPS", "default=sfc:often"), "node");

        assertThat(unknownCache.exitCode()).isEqualTo(2);
        assertThat(unknownCache.err()).contains("carts", "grid.caches");
        assertThat(badStrategy.exitCode()).isEqualTo(2);
        assertThat(badStrategy.err()).startsWith("node: invalid XSITE_GRID_BACKUPS (environment)");
    }

    @Test
    void badCachesAreOneLineNamingTheKey() {
        CommandRun run = xsite(Map.of("XSITE_GRID_CACHES", "default:two"), "node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("node: invalid XSITE_GRID_CACHES (environment): \"default:two\" is not caches "
                + "as NAME[:OWNERS]");
    }

    @Test
    void chatAndStreamServeNoGridAndKnowNoGridKeys() {
        assertThat(ChatCommand.SCHEMA.key("resp-port")).isEmpty();
        assertThat(NodeSettings.SCHEMA.key("resp-port")).isPresent();
        assertThat(NodeSettings.describe(ChatCommand.SCHEMA, NodeConfig.DEFAULTS)).doesNotContain("resp-port");
        assertThat(NodeSettings.describe(NodeConfig.DEFAULTS)).contains("resp-port=6379",
                "grid.caches=default:2");
    }

    private static NodeConfig load(Map<String, String> environment, String... nodeArgs) {
        CommandLine xsite = XsiteCommand.commandLine(environment);
        String[] args = new String[nodeArgs.length + 1];
        args[0] = "node";
        System.arraycopy(nodeArgs, 0, args, 1, nodeArgs.length);
        xsite.parseArgs(args);
        NodeCommand node = xsite.getSubcommands().get("node").getCommand();
        return node.load();
    }
}
