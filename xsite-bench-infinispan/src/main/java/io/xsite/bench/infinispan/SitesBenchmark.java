package io.xsite.bench.infinispan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The grid between sites against Infinispan 15 embedded (issue 18). For each system in turn: its two routers and
 * sites (3 nyc + 2 sfc members, each its own JVM, caches of owners 2 backed up from nyc to sfc); per backup
 * strategy an unmeasured warm-up (Infinispan's rate climbs for tens of seconds after start, xsite's JIT too),
 * then {@code --writers} threads putting values of each size at nyc ({@link PutLoad}), with the async lag probed
 * alongside; last the whole-site loss ({@link SiteLoss}), after which the system is stopped. Prints the figures
 * and xsite's ratios as Markdown.
 *
 * <p>Both systems are driven over RESP from this JVM, one put in flight per writer: xsite's own RESP server, and
 * for Infinispan a small RESP front on the embedded caches of each nyc member ({@link CacheRespServer}), so the
 * client's cost is the same for both.
 */
@Command(name = "sites-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares the grid's backups between sites with Infinispan 15's: put throughput and latency"
                + " with sync and async backup, async lag, and what a whole site's loss loses.")
public final class SitesBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SitesBenchmark.class);
    /**
     * Before each measured load the system idles this long: its CPU then (heartbeats, timers) is logged, so that
     * the CPU per put can be read net of it where a loaded machine leaves few puts.
     */
    private static final Duration IDLE = Duration.ofSeconds(5);

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--systems", split = ",", defaultValue = "xsite,infinispan",
            description = "Systems to run, in this order (default: ${DEFAULT-VALUE}).")
    private List<String> systems;

    @Option(names = "--strategies", split = ",", defaultValue = "sync,async",
            description = "Backup strategies to load, in this order (default: ${DEFAULT-VALUE}).")
    private List<Strategy> strategies;

    @Option(names = "--writers", defaultValue = "8", description = "Writer threads (default: ${DEFAULT-VALUE}).")
    private int writers;

    @Option(names = "--value-bytes", split = ",", defaultValue = "100,1024",
            description = "Value sizes (default: ${DEFAULT-VALUE}).")
    private List<Integer> valueBytes;

    @Option(names = "--duration-seconds", defaultValue = "20",
            description = "Measured load per strategy and value size (default: ${DEFAULT-VALUE}).")
    private int durationSeconds;

    @Option(names = "--sync-warmup-seconds", defaultValue = "30",
            description = "Unmeasured load before the sync loads (default: ${DEFAULT-VALUE}).")
    private int syncWarmupSeconds;

    @Option(names = "--async-warmup-seconds", defaultValue = "50",
            description = "Unmeasured load before the async loads (default: ${DEFAULT-VALUE}).")
    private int asyncWarmupSeconds;

    @Option(names = "--loss-load-seconds", defaultValue = "10",
            description = "Async load before every nyc member is killed; 0: no site loss (default: ${DEFAULT-VALUE}).")
    private int lossLoadSeconds;

    @Option(names = "--loss-settle-seconds", defaultValue = "10",
            description = "Wait after the kill before sfc is read (default: ${DEFAULT-VALUE}).")
    private int lossSettleSeconds;

    @Option(names = "--start-timeout-seconds", defaultValue = "180",
            description = "Bound on starting one system (default: ${DEFAULT-VALUE}).")
    private int startTimeoutSeconds;

    @Option(names = "--nice", defaultValue = "0", description = "Runs every child under nice -n N; negative needs"
            + " root (default: ${DEFAULT-VALUE}).")
    private int niceness;

    @Option(names = "--jvm-options", split = " ", defaultValue = "-Xmx512m",
            description = "JVM options of every member and router, space separated (default: ${DEFAULT-VALUE}).")
    private List<String> jvmOptions;

    /**
     * Runs the benchmark from the command line.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SitesBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String before = loadAverage();
        SitesReport report = runAll();
        spec.commandLine().getOut().printf("Sites benchmark: %s; load average before %s, after %s%n%n%s", settings(),
                before, loadAverage(), report.toMarkdown());
        spec.commandLine().getOut().flush();
        return 0;
    }

    String settings() {
        return String.format(Locale.ROOT, "%s; %d writers, values %s B, %ds per load, warm-up %ds sync %ds async,"
                        + " site loss after %ds read %ds later; nyc 3 + sfc 2 members, owners 2; JVM %s; nice %d;"
                        + " %d CPUs", String.join(",", systems), writers, valueBytes, durationSeconds,
                syncWarmupSeconds, asyncWarmupSeconds, lossLoadSeconds, lossSettleSeconds,
                String.join(" ", jvmOptions), niceness, Runtime.getRuntime().availableProcessors());
    }

    SitesReport runAll() throws Exception {
        Duration duration = Duration.ofSeconds(durationSeconds);
        List<PutFigures> puts = new ArrayList<>();
        List<LossFigures> losses = new ArrayList<>();
        PutLoad load = new PutLoad(writers);
        for (String system : systems) {
            long begin = System.nanoTime();
            try (Deployment deployment = start(system)) {
                LOG.info("{}: both sites up and bridged after {} ms", system, (System.nanoTime() - begin) / 1_000_000);
                for (Strategy strategy : strategies) {
                    Duration warmup = Duration.ofSeconds(strategy == Strategy.SYNC ? syncWarmupSeconds
                            : asyncWarmupSeconds);
                    if (!warmup.isZero()) {
                        PutFigures w = load.run(deployment, strategy, valueBytes.get(0), warmup);
                        LOG.info("{} {} warm-up: {} puts/s", system, strategy, Math.round(w.putsPerSecond()));
                    }
                    for (int size : valueBytes) {
                        Map<String, Long> idleBefore = deployment.cpuNanos();
                        Thread.sleep(IDLE.toMillis());
                        Map<String, Long> cpuBefore = deployment.cpuNanos();
                        PutFigures figures = load.run(deployment, strategy, size, duration);
                        double acknowledged = figures.putsPerSecond() * durationSeconds;
                        LOG.info("{} {} {} B: {} puts/s, p50 {} ms, p99 {} ms, lag {}; {}; idle {} us/s", system,
                                strategy, size, Math.round(figures.putsPerSecond()), figures.p50Ms(), figures.p99Ms(),
                                figures.lag(), cpuPerPut(cpuBefore, deployment.cpuNanos(), acknowledged),
                                Math.round(total(idleBefore, cpuBefore) / 1000.0 / IDLE.toSeconds()));
                        puts.add(figures);
                    }
                }
                if (lossLoadSeconds > 0) {
                    LossFigures loss = new SiteLoss(writers, Duration.ofSeconds(lossLoadSeconds),
                            Duration.ofSeconds(lossSettleSeconds)).run(deployment);
                    LOG.info("{}: {} of {} acknowledged keys missing at sfc", system, loss.missing(),
                            loss.acknowledged());
                    losses.add(loss);
                }
            }
        }
        return new SitesReport(puts, losses);
    }

    private static long total(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    /** The CPU time per acknowledged put of the system's processes, in all and by process, in microseconds. */
    private static String cpuPerPut(Map<String, Long> before, Map<String, Long> after, double puts) {
        Map<String, Long> perPut = new LinkedHashMap<>();
        after.forEach((name, nanos) -> perPut.put(name, Math.round((nanos - before.getOrDefault(name, 0L)) / 1000.0
                / Math.max(1, puts))));
        return "CPU per put " + perPut.values().stream().mapToLong(Long::longValue).sum() + " us (" + perPut + ")";
    }

    private Deployment start(String system) throws InterruptedException {
        SystemLauncher launcher = switch (system) {
            case XsiteSites.SYSTEM -> new XsiteSites();
            case InfinispanSites.SYSTEM -> new InfinispanSites();
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "unknown system " + system
                    + " (xsite, infinispan)");
        };
        return Deployment.start(launcher, new ChildSettings(jvmOptions, niceness,
                Duration.ofSeconds(startTimeoutSeconds)));
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
